"use client";

import { Activity, CircleAlert, FlaskConical } from "lucide-react";

import { formatDateTime, formatRelative } from "@/components/data/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

import { ProviderIcon } from "./provider-icon";
import { PROVIDER_LABELS, channelNumber } from "./providers";
import type { Channel } from "./queries";

/** "just now", "2 min ago", "3 h ago", "5 d ago": short enough for a card. */
function ago(value: string | null | undefined, now: number): string {
  if (!value) return "—";
  const seconds = Math.max(0, Math.round((now - Date.parse(value)) / 1000));
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return formatRelative(value, now);
}

function perMinute(value: number | null | undefined): string {
  if (!value) return "0";
  return value < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

export function ChannelStatusBadge({ status }: { status: Channel["status"] }) {
  return status === "active" ? (
    <Badge variant="success" data-testid="channel-status">
      Active
    </Badge>
  ) : (
    <Badge variant="muted" data-testid="channel-status">
      Disabled
    </Badge>
  );
}

export function ChannelCard({
  channel,
  now,
  canManage,
  onOpen,
}: {
  channel: Channel;
  now: number;
  canManage: boolean;
  onOpen: () => void;
}) {
  const health = channel.health ?? {};
  const number = channelNumber(channel.provider, channel.config);
  const titleId = `channel-title-${channel.id}`;
  return (
    <article
      aria-labelledby={titleId}
      data-testid={`channel-card-${channel.name}`}
      data-status={channel.status}
      data-provider={channel.provider}
      className={cn(
        "flex flex-col gap-4 rounded-xl border bg-card p-5 shadow-xs",
        channel.status === "disabled" && "bg-muted/40",
      )}
    >
      <div className="flex items-start gap-3">
        <ProviderIcon provider={channel.provider} />
        <div className="min-w-0 flex-1">
          <div className="flex items-start justify-between gap-2">
            <h3 id={titleId} className="truncate font-semibold" title={channel.name}>
              {channel.name}
            </h3>
            <ChannelStatusBadge status={channel.status} />
          </div>
          <p className="truncate text-sm text-muted-foreground">
            {PROVIDER_LABELS[channel.provider]}
            {number ? <> · <span className="tabular-nums">{number}</span></> : null}
          </p>
          {channel.provider === "sandbox" ? (
            <Badge variant="secondary" className="mt-2" data-testid="sandbox-badge">
              <FlaskConical aria-hidden />
              Built-in sandbox
            </Badge>
          ) : null}
        </div>
      </div>

      <div className="grid gap-2 text-sm">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <p
            data-testid="channel-last-event"
            className="flex items-center gap-2 whitespace-nowrap"
            title={health.lastEventAt ? formatDateTime(health.lastEventAt) : undefined}
          >
            <Activity aria-hidden className="size-4 text-muted-foreground" />
            {health.lastEventAt ? `Last event ${ago(health.lastEventAt, now)}` : "No events yet"}
          </p>
          <p className="ml-auto whitespace-nowrap text-muted-foreground tabular-nums" data-testid="channel-events-per-minute">
            {perMinute(health.eventsPerMinute)} events/min
          </p>
        </div>
        {health.lastError ? (
          <div className="flex items-start gap-2 text-destructive">
            <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            <p data-testid="channel-last-error" className="min-w-0">
              <span className="sr-only">Last error: </span>
              <span className="line-clamp-2 break-words">{health.lastError}</span>
              {health.lastErrorAt ? (
                <span className="block text-xs text-destructive/80" title={formatDateTime(health.lastErrorAt)}>
                  {ago(health.lastErrorAt, now)}
                </span>
              ) : null}
            </p>
          </div>
        ) : null}
      </div>

      <div className="mt-auto flex justify-end">
        <Button
          variant="outline"
          size="sm"
          onClick={onOpen}
          data-testid={`channel-open-${channel.name}`}
          aria-label={`${canManage ? "Manage" : "View"} ${channel.name}`}
        >
          {canManage ? "Manage" : "Details"}
        </Button>
      </div>
    </article>
  );
}
