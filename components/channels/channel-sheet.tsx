"use client";

import { toast } from "sonner";

import { formatDateTime } from "@/components/data/format";
import { Separator } from "@/components/ui/separator";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Switch } from "@/components/ui/switch";

import { ChannelStatusBadge } from "./channel-card";
import { DeleteChannelDialog } from "./delete-channel-dialog";
import { EditChannelForm } from "./edit-channel-form";
import { ProviderIcon } from "./provider-icon";
import { isAddable, PROVIDER_INFO, PROVIDER_LABELS, channelNumber } from "./providers";
import { useUpdateChannel, type Channel } from "./queries";
import { TestMessageForm } from "./test-message-form";
import { WebhookPanel } from "./webhook-panel";

/** The simulator's default customer: a test message from the sandbox lands on its phone. */
const SANDBOX_TEST_NUMBER = "+5511987654321";

export function ChannelSheet({
  channel,
  canManage,
  onOpenChange,
}: {
  channel: Channel | null;
  canManage: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Sheet open={channel !== null} onOpenChange={onOpenChange}>
      <SheetContent
        data-testid="channel-sheet"
        aria-describedby={undefined}
        // Focus the panel itself, not the first input: that would select the webhook URL.
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          (event.currentTarget as HTMLElement | null)?.focus();
        }}
      >
        {channel ? <ChannelDetails key={channel.id} channel={channel} canManage={canManage} onClose={() => onOpenChange(false)} /> : null}
      </SheetContent>
    </Sheet>
  );
}

function ChannelDetails({ channel, canManage, onClose }: { channel: Channel; canManage: boolean; onClose: () => void }) {
  const number = channelNumber(channel.provider, channel.config);
  return (
    <>
      <SheetHeader>
        <div className="flex items-center gap-3">
          <ProviderIcon provider={channel.provider} />
          <div className="min-w-0">
            <SheetTitle className="truncate">{channel.name}</SheetTitle>
            <SheetDescription>
              {PROVIDER_LABELS[channel.provider]}
              {number ? ` · ${number}` : ""} · added {formatDateTime(channel.createdAt)}
            </SheetDescription>
          </div>
        </div>
      </SheetHeader>
      <div className="grid gap-6 p-6">
        {canManage ? <StatusSwitch channel={channel} /> : null}
        <WebhookPanel channel={channel} />
        {canManage ? (
          <>
            <Separator />
            <EditChannelForm channel={channel} />
            <Separator />
            <TestMessageForm channel={channel} defaultTo={channel.provider === "sandbox" ? SANDBOX_TEST_NUMBER : ""} />
            {channel.provider !== "sandbox" ? (
              <>
                <Separator />
                <section className="grid gap-3" aria-labelledby={`danger-${channel.id}`}>
                  <h3 id={`danger-${channel.id}`} className="font-semibold">
                    Delete
                  </h3>
                  <div>
                    <DeleteChannelDialog channel={channel} onDeleted={onClose} />
                  </div>
                </section>
              </>
            ) : null}
          </>
        ) : (
          <ReadOnlyConfig channel={channel} />
        )}
      </div>
    </>
  );
}

function StatusSwitch({ channel }: { channel: Channel }) {
  const update = useUpdateChannel(channel.id);
  const active = channel.status === "active";
  const labelId = `status-label-${channel.id}`;
  return (
    <div className="flex items-center justify-between gap-4 rounded-lg border p-4">
      <div className="grid gap-1">
        <span id={labelId} className="flex items-center gap-2 font-medium">
          Receive and send <ChannelStatusBadge status={channel.status} />
        </span>
        <span className="text-sm text-muted-foreground">
          {active
            ? "Webhooks are processed and flows answer on this number."
            : "Disabled: incoming webhooks are refused and nothing is sent."}
        </span>
      </div>
      <Switch
        aria-labelledby={labelId}
        data-testid="channel-status-toggle"
        checked={active}
        disabled={update.isPending}
        onCheckedChange={(next) =>
          update.mutate(
            { status: next ? "active" : "disabled" },
            {
              onSuccess: (updated) => toast.success(`“${updated.name}” is ${updated.status === "active" ? "active" : "disabled"}`),
              onError: (error) => toast.error(error.message),
            },
          )
        }
      />
    </div>
  );
}

function ReadOnlyConfig({ channel }: { channel: Channel }) {
  const fields = isAddable(channel.provider) ? PROVIDER_INFO[channel.provider].fields : [];
  const labelOf = (key: string) => fields.find((f) => f.name === key)?.label ?? key;
  const entries = Object.entries(channel.config).filter(([, value]) => typeof value === "string" || typeof value === "number");
  return (
    <section className="grid gap-3" aria-labelledby={`config-${channel.id}`}>
      <h3 id={`config-${channel.id}`} className="font-semibold">
        Settings
      </h3>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        {entries.map(([key, value]) => (
          <div key={key} className="contents">
            <dt className="text-muted-foreground">{labelOf(key)}</dt>
            <dd className="font-mono break-all">{String(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-muted-foreground">Only admins change channels.</p>
    </section>
  );
}
