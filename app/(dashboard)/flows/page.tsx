import type { Metadata } from "next";
import { Workflow } from "lucide-react";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { PageContainer, PageHeader } from "@/components/page-header";
import { Forbidden } from "@/components/forbidden";
import { Button } from "@/components/ui/button";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const user = await requireUser();
  const canEdit = can(user.role, "flows:edit");

  return (
    <PageContainer name="flows">
      <PageHeader
        title="Flows"
        description="A flow is the conversation your bot follows: what starts it, what it answers, what it asks, and when it hands the chat to a person."
      />
      {!can(user.role, "flows:read") ? (
        <Forbidden role={user.role} permission="flows:read" area="Flows" />
      ) : (
        <EmptyState
          icon={Workflow}
          title="No flows yet"
          data-testid="empty-flows"
          actions={
            can(user.role, "channels:read") ? (
              <Button variant="outline" asChild>
                <Link href="/channels">See channels</Link>
              </Button>
            ) : null
          }
        >
          <p>
            Flows will be listed here with the channels they answer on and their published version. Each one starts
            with a trigger — a keyword such as “hi”, any message, or a tapped button — and continues with replies,
            questions, conditions and API calls.
          </p>
          <p>
            The visual flow builder is not in this version of Tickflow yet. When the flow engine lands, the sandbox
            channel comes with a demo flow (“hi” → 1 price / 2 support) that you can open here and try in the
            Simulator.
          </p>
          {canEdit ? null : (
            <p>Your role (Agent) will be able to view flows here; editing and publishing are for editors and admins.</p>
          )}
        </EmptyState>
      )}
    </PageContainer>
  );
}
