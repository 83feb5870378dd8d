import type { Metadata } from "next";
import { Info } from "lucide-react";

import { PageContainer, PageHeader } from "@/components/page-header";
import { ProfileCard } from "@/components/settings/profile-card";
import { TokensSection } from "@/components/settings/tokens-section";
import { UsersSection } from "@/components/settings/users-section";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const manageUsers = can(user.role, "users:manage");
  const manageTokens = can(user.role, "tokens:manage");

  return (
    <PageContainer name="settings">
      <PageHeader title="Settings" description="Your account, the people who use this Tickflow, and API access." />
      <ProfileCard user={user} />
      {manageUsers ? <UsersSection currentUserId={user.id} /> : null}
      {manageTokens ? <TokensSection /> : null}
      {!manageUsers || !manageTokens ? (
        <Alert variant="info" data-testid="admin-only-note" role="note">
          <Info aria-hidden />
          <AlertTitle>Users and API tokens are managed by admins</AlertTitle>
          <AlertDescription>
            Ask an admin to add a colleague, change a role, or create an API token.
          </AlertDescription>
        </Alert>
      ) : null}
    </PageContainer>
  );
}
