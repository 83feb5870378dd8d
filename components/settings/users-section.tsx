"use client";

import { Crown } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";

import { formatDate } from "@/components/data/format";
import { UserAvatar } from "@/components/shell/user-avatar";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

import { AddUserDialog } from "./add-user-dialog";
import { useUpdateUserRole, useUsers, type UserRow } from "./queries";
import { RoleSelect } from "./role-select";

export function UsersSection({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();

  return (
    <Card data-testid="users-section" role="region" aria-labelledby="users-title" className="gap-4">
      <CardHeader>
        <CardTitle id="users-title">Users</CardTitle>
        <CardDescription>
          Admins manage channels, users and tokens; editors build flows; agents answer in the inbox.
        </CardDescription>
        <CardAction>
          <AddUserDialog />
        </CardAction>
      </CardHeader>
      <CardContent className="px-0">
        {users.isPending ? (
          <LoadingRows />
        ) : users.isError ? (
          <div className="px-6">
            <Alert variant="destructive">
              <AlertTitle>Couldn&apos;t load users</AlertTitle>
              <AlertDescription>
                <p>{users.error.message}</p>
                <Button variant="outline" size="sm" onClick={() => void users.refetch()}>
                  Try again
                </Button>
              </AlertDescription>
            </Alert>
          </div>
        ) : (
          <Table data-testid="users-table">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Added</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {users.data.map((user) => (
                <UserTableRow key={user.id} user={user} isSelf={user.id === currentUserId} />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function UserTableRow({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const router = useRouter();
  const updateRole = useUpdateUserRole();

  function changeRole(role: Role) {
    if (role === user.role) return;
    updateRole.mutate(
      { id: user.id, role },
      {
        onSuccess: () => {
          toast.success(`${user.name || user.email} is now ${ROLE_LABELS[role].label}`);
          // Your own role changed: the server-rendered shell and pages must follow.
          if (isSelf) router.refresh();
        },
        onError: (error) => toast.error(error.message),
      },
    );
  }

  return (
    <TableRow data-testid={`user-row-${user.email}`}>
      <TableCell>
        <div className="flex items-center gap-3">
          <UserAvatar name={user.name} email={user.email} />
          <span className="font-medium">{user.name || "—"}</span>
          {user.isOwner ? (
            <Badge variant="outline" data-testid="owner-badge" title="Created Tickflow. The owner stays an admin.">
              <Crown aria-hidden className="text-warning" />
              Owner
            </Badge>
          ) : null}
          {isSelf ? <Badge variant="muted">You</Badge> : null}
        </div>
      </TableCell>
      <TableCell className="text-muted-foreground">{user.email}</TableCell>
      <TableCell>
        <RoleSelect
          data-testid={`role-select-${user.email}`}
          aria-label={`Role of ${user.name || user.email}`}
          aria-describedby={user.isOwner ? "owner-role-note" : undefined}
          value={user.role}
          disabled={user.isOwner || updateRole.isPending}
          onValueChange={changeRole}
        />
        {user.isOwner ? (
          <span id="owner-role-note" className="sr-only">
            The owner&apos;s role can&apos;t be changed.
          </span>
        ) : null}
      </TableCell>
      <TableCell className="text-muted-foreground" title={user.createdAt}>
        {formatDate(user.createdAt)}
      </TableCell>
    </TableRow>
  );
}

function LoadingRows() {
  return (
    <div className="grid gap-3 px-6 py-2" aria-busy="true">
      <span className="sr-only">Loading users…</span>
      {[0, 1, 2].map((row) => (
        <div key={row} className="flex items-center gap-3">
          <Skeleton className="size-8 rounded-full" />
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-4 w-56" />
          <Skeleton className="ml-auto h-8 w-32" />
        </div>
      ))}
    </div>
  );
}
