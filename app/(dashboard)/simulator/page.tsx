import type { Metadata } from "next";

import { Forbidden } from "@/components/forbidden";
import { PageContainer, PageHeader } from "@/components/page-header";
import { SimulatorView } from "@/components/simulator/simulator-view";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Simulator" };

export default async function SimulatorPage() {
  const user = await requireUser();

  return (
    <PageContainer name="simulator">
      <PageHeader
        title="Simulator"
        description="Chat with your bot as a customer would, on the built-in sandbox channel — no real phone or provider account needed."
      />
      {can(user.role, "simulator:use") ? (
        <SimulatorView />
      ) : (
        <Forbidden role={user.role} permission="simulator:use" area="the Simulator" />
      )}
    </PageContainer>
  );
}
