"use client";

import { KeyRound } from "lucide-react";

import { formatDateTime, formatRelative } from "@/components/data/format";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

import { CreateTokenDialog } from "./create-token-dialog";
import { useTokens, useUsers, type TokenRow, type UserRow } from "./queries";
import { RevokeTokenDialog } from "./revoke-token-dialog";

/** The API gives the creator's user id; the users list (also admin-only) names them. */
function creatorLabel(createdBy: TokenRow["createdBy"], users: UserRow[] | undefined): string {
  if (!createdBy) return "—";
  if (typeof createdBy !== "string") return createdBy.name || createdBy.email || "—";
  if (!users) return "—";
  const user = users.find((candidate) => candidate.id === createdBy);
  return user ? user.name || user.email : "Removed user";
}

export function TokensSection() {
  const tokens = useTokens();
  const users = useUsers();

  return (
    <Card data-testid="tokens-section" role="region" aria-labelledby="tokens-title" className="gap-4">
      <CardHeader>
        <CardTitle id="tokens-title">API tokens</CardTitle>
        <CardDescription>
          Let scripts call the Tickflow API with <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
          Revoke a token as soon as nothing needs it.
        </CardDescription>
        <CardAction>
          <CreateTokenDialog />
        </CardAction>
      </CardHeader>
      <CardContent className="px-0">
        {tokens.isPending ? (
          <div className="grid gap-3 px-6 py-2" aria-busy="true">
            <span className="sr-only">Loading tokens…</span>
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
          </div>
        ) : tokens.isError ? (
          <div className="px-6">
            <Alert variant="destructive">
              <AlertTitle>Couldn&apos;t load tokens</AlertTitle>
              <AlertDescription>
                <p>{tokens.error.message}</p>
                <Button variant="outline" size="sm" onClick={() => void tokens.refetch()}>
                  Try again
                </Button>
              </AlertDescription>
            </Alert>
          </div>
        ) : tokens.data.length === 0 ? (
          <div data-testid="tokens-empty" className="flex flex-col items-center gap-2 px-6 py-8 text-center">
            <KeyRound aria-hidden className="size-6 text-muted-foreground" />
            <p className="font-medium">No API tokens</p>
            <p className="max-w-md text-sm text-muted-foreground">
              Create one for each script or integration, so you can revoke them one at a time.
            </p>
          </div>
        ) : (
          <Table data-testid="tokens-table">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Token</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Created by</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.data.map((token) => {
                const revoked = Boolean(token.revokedAt);
                return (
                  <TableRow
                    key={token.id}
                    data-testid={`token-row-${token.name}`}
                    data-revoked={revoked || undefined}
                    className={cn(revoked && "text-muted-foreground")}
                  >
                    <TableCell className="font-medium">{token.name}</TableCell>
                    <TableCell>
                      <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{token.prefix}…</code>
                    </TableCell>
                    <TableCell title={token.createdAt}>{formatDateTime(token.createdAt)}</TableCell>
                    <TableCell title={token.lastUsedAt ?? undefined}>
                      {token.lastUsedAt ? formatRelative(token.lastUsedAt) : "Never"}
                    </TableCell>
                    <TableCell>{creatorLabel(token.createdBy, users.data)}</TableCell>
                    <TableCell>
                      {revoked ? (
                        <Badge variant="muted" data-testid={`token-status-${token.name}`} title={token.revokedAt ?? undefined}>
                          Revoked {formatRelative(token.revokedAt)}
                        </Badge>
                      ) : (
                        <Badge variant="success" data-testid={`token-status-${token.name}`}>
                          Active
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right">{revoked ? null : <RevokeTokenDialog token={token} />}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
