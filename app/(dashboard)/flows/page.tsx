import type { Metadata } from "next";

import { FlowsView } from "@/components/flows/flows-view";
import { Forbidden } from "@/components/forbidden";
import { PageContainer, PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  const user = await requireUser();

  return (
    <PageContainer name="flows">
      <PageHeader
        title="Flows"
        description="A flow is the conversation your bot follows: what starts it, what it answers, what it asks, and when it hands the chat to a person."
      />
      {can(user.role, "flows:read") ? (
        <FlowsView canEdit={can(user.role, "flows:edit")} canReadChannels={can(user.role, "channels:read")} userId={user.id} />
      ) : (
        <Forbidden role={user.role} permission="flows:read" area="Flows" />
      )}
    </PageContainer>
  );
}
