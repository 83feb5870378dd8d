import type { Metadata } from "next";
import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import { Suspense } from "react";

import { EmptyState } from "@/components/empty-state";
import { Forbidden } from "@/components/forbidden";
import { InboxView } from "@/components/inbox/inbox-view";
import { PageContainer, PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requireUser();
  const canSimulate = can(user.role, "simulator:use");

  const empty = (
    <EmptyState
      icon={MessagesSquare}
      title="No conversations yet"
      data-testid="empty-inbox"
      actions={
        canSimulate ? (
          <Button asChild data-testid="inbox-open-simulator">
            <Link href="/simulator">Open the Simulator</Link>
          </Button>
        ) : null
      }
    >
      <p>
        A conversation appears here as soon as a customer writes to one of your channels. Outbound messages show their
        ticks — sent, delivered, read, or failed with the reason.
      </p>
      {canSimulate ? (
        <p>To see one now, open the Simulator and send a message to the sandbox bot.</p>
      ) : (
        <p>To see one now, ask an editor or admin to send a test message to the sandbox bot from the Simulator.</p>
      )}
    </EmptyState>
  );

  return (
    <PageContainer name="inbox">
      <PageHeader
        title="Inbox"
        description="Every WhatsApp conversation, live: what the bot said, each message's ticks, taking over by hand."
      />
      {can(user.role, "inbox:use") ? (
        <Suspense fallback={null}>
          <InboxView empty={empty} />
        </Suspense>
      ) : (
        <Forbidden role={user.role} permission="inbox:use" area="the Inbox" />
      )}
    </PageContainer>
  );
}
