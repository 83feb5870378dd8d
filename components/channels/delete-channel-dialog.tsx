"use client";

import { Trash2 } from "lucide-react";
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
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

import { useDeleteChannel, type Channel } from "./queries";

export function DeleteChannelDialog({ channel, onDeleted }: { channel: Channel; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteChannel();

  function confirm() {
    remove.mutate(channel.id, {
      onSuccess: () => {
        toast.success(`Channel “${channel.name}” deleted`);
        setOpen(false);
        onDeleted();
      },
    });
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (remove.isPending) return;
        setOpen(next);
        if (!next) remove.reset();
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive hover:bg-destructive/10 hover:text-destructive" data-testid="channel-delete">
          <Trash2 aria-hidden />
          Delete channel
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete “{channel.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Its conversations and message history are deleted with it, and webhooks for this number get no answer.
            This can&apos;t be undone. To stop it for a while, disable it instead.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {remove.error ? (
          <Alert variant="destructive">
            <AlertDescription>{remove.error.message}</AlertDescription>
          </Alert>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <AlertDialogAction data-testid="confirm-delete-channel" onClick={confirm} disabled={remove.isPending}>
            {remove.isPending ? "Deleting…" : "Delete channel"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
