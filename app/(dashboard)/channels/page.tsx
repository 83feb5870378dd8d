import type { Metadata } from "next";

import { AddChannelDialog } from "@/components/channels/add-channel-dialog";
import { ChannelsView } from "@/components/channels/channels-view";
import { Forbidden } from "@/components/forbidden";
import { PageContainer, PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Channels" };

export default async function ChannelsPage() {
  const user = await requireUser();
  const canRead = can(user.role, "channels:read");
  const canManage = can(user.role, "channels:manage");

  return (
    <PageContainer name="channels">
      <PageHeader
        title="Channels"
        description="A channel is one WhatsApp phone number on a provider. Flows answer on channels; the inbox shows their conversations."
        actions={canRead && canManage ? <AddChannelDialog /> : null}
      />
      {canRead ? (
        <ChannelsView canManage={canManage} />
      ) : (
        <Forbidden role={user.role} permission="channels:read" area="Channels" />
      )}
    </PageContainer>
  );
}
