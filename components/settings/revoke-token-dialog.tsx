"use client";

import { useState } from "react";
import { toast } from "sonner";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

import { useRevokeToken, type TokenRow } from "./queries";

export function RevokeTokenDialog({ token }: { token: TokenRow }) {
  const [open, setOpen] = useState(false);
  const revoke = useRevokeToken();

  function confirm() {
    revoke.mutate(token.id, {
      onSuccess: () => {
        toast.success(`Token “${token.name}” revoked`);
        setOpen(false);
      },
      onError: (error) => toast.error(error.message),
    });
  }

  return (
    <AlertDialog open={open} onOpenChange={(next) => !revoke.isPending && setOpen(next)}>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive hover:bg-destructive/10 hover:text-destructive"
          data-testid={`revoke-${token.name}`}
          aria-label={`Revoke token ${token.name}`}
        >
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke “{token.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Anything using <code className="font-mono text-foreground">{token.prefix}…</code> gets “401 Unauthorized”
            from its next request. This can&apos;t be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={revoke.isPending}>Cancel</AlertDialogCancel>
          <AlertDialogAction data-testid="confirm-revoke" onClick={confirm} disabled={revoke.isPending}>
            {revoke.isPending ? "Revoking…" : "Revoke token"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
