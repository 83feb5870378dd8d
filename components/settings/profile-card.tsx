import { UserAvatar } from "@/components/shell/user-avatar";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { CurrentUser } from "@/lib/auth/current-user";
import { ROLE_LABELS } from "@/lib/auth/roles";

export function ProfileCard({ user }: { user: CurrentUser }) {
  const role = ROLE_LABELS[user.role];
  return (
    <Card data-testid="profile-card">
      <CardHeader>
        <CardTitle>Your profile</CardTitle>
        <CardDescription>The account you are signed in with.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center gap-4">
        <UserAvatar name={user.name} email={user.email} className="size-12 text-base" />
        <dl className="grid min-w-0 flex-1 gap-x-8 gap-y-3 sm:grid-cols-3">
          <div className="min-w-0">
            <dt className="text-xs text-muted-foreground">Name</dt>
            <dd data-testid="profile-name" className="truncate font-medium">
              {user.name || "—"}
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="text-xs text-muted-foreground">Email</dt>
            <dd data-testid="profile-email" className="truncate font-medium">
              {user.email}
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="text-xs text-muted-foreground">Role</dt>
            <dd className="flex flex-col items-start gap-1">
              <Badge data-testid="profile-role">{role.label}</Badge>
              <span className="text-xs text-muted-foreground">{role.description}</span>
            </dd>
          </div>
        </dl>
      </CardContent>
    </Card>
  );
}
