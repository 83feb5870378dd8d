"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, Loader2, Rocket } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

import { ApiError, apiFetch } from "@/components/data/api-fetch";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";

import { Counter } from "./fields";
import { flowPath, flowsKey, versionsKey, type PublishResult } from "./queries";

/** Publish with an optional note; says how many live sessions stay on older versions. */
export function PublishDialog({
  flowId,
  open,
  onOpenChange,
  flush,
  onPublished,
}: {
  flowId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Saves pending edits first; false when they could not be saved. */
  flush: () => Promise<boolean>;
  onPublished: (result: PublishResult) => void;
}) {
  const [note, setNote] = useState("");
  const queryClient = useQueryClient();
  const publish = useMutation({
    mutationFn: async () => {
      if (!(await flush())) throw new Error("Your latest changes are not saved yet, so they can't be published. Check the save status and try again.");
      return apiFetch<PublishResult>(`${flowPath(flowId)}/publish`, { method: "POST", json: note.trim() ? { note: note.trim() } : {} });
    },
    onSuccess: (result) => {
      onPublished(result);
      void queryClient.invalidateQueries({ queryKey: versionsKey(flowId) });
      void queryClient.invalidateQueries({ queryKey: flowsKey, exact: true });
      toast.success(`Version ${result.version} published`);
    },
  });
  const refused = publish.error instanceof ApiError && publish.error.status === 422;
  const result = publish.data;

  function change(next: boolean) {
    if (publish.isPending) return;
    onOpenChange(next);
    if (!next) {
      publish.reset();
      setNote("");
    }
  }

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent data-testid="publish-dialog">
        <DialogHeader>
          <DialogTitle>{result ? `Version ${result.version} is live` : "Publish this flow"}</DialogTitle>
          <DialogDescription>
            {result
              ? "New conversations use it from now on."
              : "Publishing freezes the draft as a new version. New conversations start on it; conversations already running finish on the version they started with."}
          </DialogDescription>
        </DialogHeader>
        {result ? (
          <div className="grid gap-3" data-testid="publish-result">
            <p className="flex items-center gap-2 text-sm">
              <CheckCircle2 aria-hidden className="size-4 text-success" />
              Published version {result.version}.
            </p>
            <p className="text-sm text-muted-foreground" data-testid="publish-older-sessions">
              {result.sessionsOnOlderVersions === 0
                ? "No live conversations are on older versions."
                : `${result.sessionsOnOlderVersions} live ${result.sessionsOnOlderVersions === 1 ? "conversation is" : "conversations are"} still on older versions and will finish there.`}
            </p>
            {result.problems.length ? (
              <p className="text-sm text-warning">{result.problems.length} warning(s) remain; they don&apos;t stop the flow from running.</p>
            ) : null}
          </div>
        ) : (
          <div className="grid gap-2">
            <div className="flex items-end justify-between">
              <Label htmlFor="publish-note">What changed? (optional)</Label>
              <Counter id="publish-note-count" length={note.length} max={500} />
            </div>
            <Textarea
              id="publish-note"
              data-testid="publish-note"
              value={note}
              rows={3}
              aria-describedby="publish-note-count"
              placeholder="e.g. New support menu"
              onChange={(event) => setNote(event.target.value)}
            />
            {publish.error ? (
              <Alert variant="destructive" data-testid="publish-error">
                <AlertDescription>
                  {publish.error.message}
                  {refused ? " Open the Problems list under the canvas to see them." : null}
                </AlertDescription>
              </Alert>
            ) : null}
          </div>
        )}
        <DialogFooter>
          {result ? (
            <Button onClick={() => change(false)} data-testid="publish-done">
              Done
            </Button>
          ) : (
            <>
              <Button variant="outline" onClick={() => change(false)} disabled={publish.isPending}>
                Cancel
              </Button>
              <Button onClick={() => publish.mutate()} disabled={publish.isPending || note.length > 500} data-testid="publish-confirm">
                {publish.isPending ? <Loader2 aria-hidden className="animate-spin" /> : <Rocket aria-hidden />}
                {publish.isPending ? "Publishing…" : "Publish"}
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
