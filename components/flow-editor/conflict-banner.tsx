"use client";

import { useMutation } from "@tanstack/react-query";
import { CircleAlert, Download } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";

import { apiFetch, errorMessage } from "@/components/data/api-fetch";
import { Button } from "@/components/ui/button";
import { serializeFlowDocument, type FlowDocument } from "@/lib/flow";

import { flowPath, type FlowView } from "./queries";

function download(name: string, doc: FlowDocument) {
  const blob = new Blob([serializeFlowDocument({ ...doc, name } as FlowDocument)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${name.replace(/[^\w.-]+/g, "-").toLowerCase() || "flow"}-my-version.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Shown when a save was refused because the draft changed elsewhere (another tab, a
 * teammate, a restore). Nothing was overwritten and the local edits are still on screen;
 * the person picks what happens to them.
 */
export function ConflictBanner({
  flowId,
  name,
  message,
  getDocument,
  onReload,
  onOverwrite,
}: {
  flowId: string;
  name: string;
  message?: string;
  getDocument: () => FlowDocument;
  onReload: (fresh: FlowView) => void;
  onOverwrite: (fresh: FlowView) => void;
}) {
  const router = useRouter();
  const latest = () => apiFetch<FlowView>(flowPath(flowId));
  const reload = useMutation({ mutationFn: latest, onSuccess: onReload, onError: (e) => toast.error(errorMessage(e)) });
  const overwrite = useMutation({ mutationFn: latest, onSuccess: onOverwrite, onError: (e) => toast.error(errorMessage(e)) });
  const copy = useMutation({
    mutationFn: () => apiFetch<FlowView>("/api/v1/flows", { method: "POST", json: { name: `${name} (my version)`.slice(0, 120), document: getDocument() } }),
    onSuccess: (created) => {
      toast.success("Your version is saved as a new flow");
      router.push(`/flows/${created.id}`);
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  const busy = reload.isPending || overwrite.isPending || copy.isPending;

  return (
    <div role="alert" data-testid="conflict-banner" className="flex flex-wrap items-center gap-3 border-b border-destructive/30 bg-destructive/10 px-4 py-2.5 text-sm">
      <CircleAlert aria-hidden className="size-4 shrink-0 text-destructive" />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-destructive">This flow was changed in another tab or by someone else.</p>
        <p className="text-xs text-muted-foreground">
          Your latest changes are <strong>not saved</strong>, and nothing was overwritten. They are still here: keep them as a copy, download
          them, replace the other version with them, or load the other version.
          {message ? <span className="sr-only"> {message}</span> : null}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={busy} onClick={() => copy.mutate()} data-testid="conflict-save-copy">
          Save mine as a copy
        </Button>
        <Button size="sm" variant="outline" disabled={busy} onClick={() => download(name, getDocument())} data-testid="conflict-download">
          <Download aria-hidden />
          Download mine
        </Button>
        <Button size="sm" variant="outline" disabled={busy} onClick={() => overwrite.mutate()} data-testid="conflict-overwrite">
          Overwrite with mine
        </Button>
        <Button size="sm" variant="outline" disabled={busy} onClick={() => reload.mutate()} data-testid="conflict-reload">
          Load the other version
        </Button>
      </div>
    </div>
  );
}
