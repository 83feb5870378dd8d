import type { Metadata } from "next";
import { Smartphone } from "lucide-react";

import { EmptyState } from "@/components/empty-state";
import { Forbidden } from "@/components/forbidden";
import { PageContainer, PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Simulator" };

export default async function SimulatorPage() {
  const user = await requireUser();

  return (
    <PageContainer name="simulator">
      <PageHeader
        title="Simulator"
        description="Test your bot as a customer would, without a real phone or provider account."
      />
      {!can(user.role, "simulator:use") ? (
        <Forbidden role={user.role} permission="simulator:use" area="the Simulator" />
      ) : (
        <EmptyState icon={Smartphone} title="The simulator isn't connected yet" data-testid="empty-simulator">
          <p>
            The simulator is a WhatsApp phone that talks to the sandbox channel. You pick a customer (name and number),
            type messages, tap reply buttons and list rows, or share a location. Each action reaches Tickflow as a
            signed Meta webhook, so it runs exactly the path a real number would — and the bot&apos;s replies come back
            with live ticks.
          </p>
          <p>
            It will also have fault switches — drop “delivered”, deliver out of order, duplicate every event, fail with
            error 131026, add delay — to see how the inbox copes.
          </p>
          <p>The phone appears here once the sandbox channel and the flow engine are in place.</p>
        </EmptyState>
      )}
    </PageContainer>
  );
}
