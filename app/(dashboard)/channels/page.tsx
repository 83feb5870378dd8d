import type { Metadata } from "next";
import { FlaskConical, RadioTower } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { Forbidden } from "@/components/forbidden";
import { PageContainer, PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Channels" };

const PROVIDERS = [
  {
    name: "Meta Cloud API",
    detail: "Straight from Meta. Needs the phone number ID, a permanent access token, the app secret and a verify token.",
  },
  { name: "360dialog", detail: "A WhatsApp Business Solution Provider. Needs your 360dialog API key and phone number ID." },
  { name: "YCloud", detail: "A WhatsApp Business Solution Provider. Needs your YCloud API key, the number and the webhook secret." },
  {
    name: "Twilio",
    detail: "WhatsApp senders on Twilio. Needs the account SID, the auth token and the sender's number.",
  },
] as const;

export default async function ChannelsPage() {
  const user = await requireUser();

  return (
    <PageContainer name="channels">
      <PageHeader
        title="Channels"
        description="A channel is one WhatsApp phone number on a provider. Flows answer on channels; the inbox shows their conversations."
      />
      {!can(user.role, "channels:read") ? (
        <Forbidden role={user.role} permission="channels:read" area="Channels" />
      ) : (
        <>
          <EmptyState icon={RadioTower} title="No channels connected" data-testid="empty-channels">
            <p>
              Connected numbers will be listed here, each with the webhook URL to paste into the provider&apos;s console
              and the state of its last delivery.
            </p>
            <p>
              {can(user.role, "channels:manage")
                ? "Connecting a channel from this page is not in this version yet. Until it is, admins can create one through the JSON API (POST /api/v1/channels)."
                : "Admins connect channels; ask one if you need a number here."}
            </p>
          </EmptyState>

          <section aria-labelledby="providers-title" className="space-y-3">
            <h2 id="providers-title" className="text-base font-semibold">
              Providers Tickflow speaks to
            </h2>
            <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {PROVIDERS.map((provider) => (
                <li key={provider.name} className="rounded-lg border bg-card p-4">
                  <p className="font-medium">{provider.name}</p>
                  <p className="mt-1 text-sm text-muted-foreground">{provider.detail}</p>
                </li>
              ))}
              <li className="rounded-lg border border-primary/30 bg-primary/5 p-4">
                <p className="flex items-center gap-2 font-medium">
                  <FlaskConical aria-hidden className="size-4 text-primary" />
                  Sandbox
                  <Badge variant="secondary">Built in</Badge>
                </p>
                <p className="mt-1 text-sm text-muted-foreground">
                  No provider account needed. It behaves like the Meta Cloud API, and the Simulator plays the
                  customer&apos;s phone — so you can try flows before connecting a real number.
                </p>
              </li>
            </ul>
          </section>
        </>
      )}
    </PageContainer>
  );
}
