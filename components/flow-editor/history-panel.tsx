"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, History, Minus, Pencil, Plus, RotateCcw, X } from "lucide-react";
import { useState } from "react";

import { apiFetch } from "@/components/data/api-fetch";
import { formatDateTime, formatRelative } from "@/components/data/format";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { blockDefinition, isBlockType } from "@/lib/flow";

import { useMe, useVersion, useVersions, type DocumentChanges, type VersionSummary } from "./queries";

/** Names of who published: "you", a teammate's name when an admin can list users, else "a teammate". */
function usePublisherName(userId: string) {
  const me = useMe();
  const users = useQuery({
    queryKey: ["v1", "users"],
    queryFn: async () => (await apiFetch<{ items: { id: string; name: string }[] }>("/api/v1/users")).items,
    enabled: me.data?.role === "admin",
    staleTime: 60_000,
  });
  return (id: string | null) => {
    if (!id) return "someone";
    if (id === userId) return "you";
    return users.data?.find((u) => u.id === id)?.name ?? "a teammate";
  };
}

const typeLabel = (type: string) => (isBlockType(type) ? blockDefinition(type).label : type);
const blockName = (b: { id: string; type: string; label?: string }) => `${typeLabel(b.type)} “${b.label || b.id}”`;

export function ChangesSummary({ changes }: { changes: DocumentChanges }) {
  const nothing =
    !changes.added.length && !changes.removed.length && !changes.changed.length && !changes.edgesAdded && !changes.edgesRemoved;
  if (nothing) return <p className="text-sm text-muted-foreground">No changes against the version before.</p>;
  return (
    <ul className="grid gap-1.5 text-sm" data-testid="history-diff">
      {changes.added.map((b) => (
        <li key={`a-${b.id}`} className="flex items-start gap-2" data-change="added">
          <Plus aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />
          <span>
            <span className="sr-only">Added: </span>
            {blockName(b)} added
          </span>
        </li>
      ))}
      {changes.removed.map((b) => (
        <li key={`r-${b.id}`} className="flex items-start gap-2" data-change="removed">
          <Minus aria-hidden className="mt-0.5 size-4 shrink-0 text-destructive" />
          <span>
            <span className="sr-only">Removed: </span>
            {blockName(b)} removed
          </span>
        </li>
      ))}
      {changes.changed.map((b) => (
        <li key={`c-${b.id}`} className="flex items-start gap-2" data-change="changed">
          <Pencil aria-hidden className="mt-0.5 size-4 shrink-0 text-info" />
          <span>
            <span className="sr-only">Changed: </span>
            {blockName(b)}: {b.fields.join(", ")} changed
          </span>
        </li>
      ))}
      {changes.edgesAdded || changes.edgesRemoved ? (
        <li className="flex items-start gap-2 text-muted-foreground" data-change="edges">
          <span aria-hidden className="mt-0.5 size-4 shrink-0 text-center">↔</span>
          <span>
            {changes.edgesAdded ? `${changes.edgesAdded} connection${changes.edgesAdded === 1 ? "" : "s"} added` : null}
            {changes.edgesAdded && changes.edgesRemoved ? ", " : null}
            {changes.edgesRemoved ? `${changes.edgesRemoved} removed` : null}
          </span>
        </li>
      ) : null}
    </ul>
  );
}

function VersionDetailView({
  flowId,
  version,
  live,
  readOnly,
  who,
  onBack,
  onRestore,
}: {
  flowId: string;
  version: VersionSummary;
  live: boolean;
  readOnly: boolean;
  who: string;
  onBack: () => void;
  onRestore: (version: number) => Promise<void>;
}) {
  const detail = useVersion(flowId, version.version);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <div className="grid gap-4 p-4" data-testid={`history-detail-${version.version}`}>
      <Button variant="ghost" size="sm" className="justify-self-start" onClick={onBack}>
        <ArrowLeft aria-hidden />
        All versions
      </Button>
      <div className="grid gap-1">
        <h3 className="flex items-center gap-2 text-base font-semibold">
          Version {version.version}
          {live ? <Badge variant="success">Live</Badge> : null}
        </h3>
        <p className="text-xs text-muted-foreground">
          Published by {who}, {formatDateTime(version.publishedAt)}
        </p>
        {version.note ? <p className="text-sm">“{version.note}”</p> : null}
      </div>
      <section className="grid gap-2" aria-label="Changes">
        <h4 className="text-sm font-medium">{version.version === 1 ? "First version" : `Changes since version ${version.version - 1}`}</h4>
        {detail.isPending ? <Skeleton className="h-16" /> : detail.data ? <ChangesSummary changes={detail.data.changes} /> : <p className="text-sm text-destructive">{detail.error?.message}</p>}
      </section>
      {readOnly ? null : (
        <>
          <Button variant="outline" className="justify-self-start" data-testid="history-restore" onClick={() => setConfirm(true)}>
            <RotateCcw aria-hidden />
            Restore as the draft
          </Button>
          <AlertDialog open={confirm} onOpenChange={(open) => !busy && setConfirm(open)}>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Restore version {version.version} as the draft?</AlertDialogTitle>
                <AlertDialogDescription>
                  The draft on the canvas is replaced by version {version.version}. The live version doesn&apos;t change until you publish;
                  every published version stays in this history.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel disabled={busy}>Cancel</AlertDialogCancel>
                <AlertDialogAction
                  variant="default"
                  disabled={busy}
                  data-testid="history-restore-confirm"
                  onClick={async () => {
                    setBusy(true);
                    await onRestore(version.version);
                    setBusy(false);
                    setConfirm(false);
                  }}
                >
                  {busy ? "Restoring…" : "Restore"}
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        </>
      )}
    </div>
  );
}

/** Published versions: who, when, the note, what changed; restore one as the draft. */
export function HistoryPanel({
  flowId,
  userId,
  readOnly,
  publishedVersion,
  onRestore,
  onClose,
}: {
  flowId: string;
  userId: string;
  readOnly: boolean;
  publishedVersion: number | null;
  onRestore: (version: number) => Promise<void>;
  onClose: () => void;
}) {
  const versions = useVersions(flowId);
  const who = usePublisherName(userId);
  const [open, setOpen] = useState<number | null>(null);
  const selected = versions.data?.find((v) => v.version === open);

  return (
    <div className="flex h-full flex-col" data-testid="history-panel">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <History aria-hidden className="size-4 text-muted-foreground" />
        <h2 className="flex-1 text-sm font-semibold">Version history</h2>
        <Button variant="ghost" size="icon-sm" aria-label="Close version history" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </header>
      <div className="relative flex-1 overflow-y-auto">
        {selected ? (
          <VersionDetailView
            flowId={flowId}
            version={selected}
            live={selected.version === publishedVersion}
            readOnly={readOnly}
            who={who(selected.publishedBy)}
            onBack={() => setOpen(null)}
            onRestore={onRestore}
          />
        ) : versions.isPending ? (
          <div className="grid gap-2 p-4">
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        ) : versions.error ? (
          <p className="p-4 text-sm text-destructive">{versions.error.message}</p>
        ) : versions.data.length === 0 ? (
          <p className="p-4 text-sm text-muted-foreground" data-testid="history-empty">
            Nothing published yet. Each time you publish, the version is kept here with your note, and you can restore it later.
          </p>
        ) : (
          <ol className="grid gap-1 p-2" data-testid="history-list">
            {versions.data.map((v) => (
              <li key={v.version}>
                <button
                  type="button"
                  data-testid={`history-version-${v.version}`}
                  onClick={() => setOpen(v.version)}
                  className="grid w-full gap-0.5 rounded-lg px-3 py-2 text-left outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  <span className="flex items-center gap-2 text-sm font-medium">
                    Version {v.version}
                    {v.version === publishedVersion ? <Badge variant="success">Live</Badge> : null}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    {who(v.publishedBy)} · <time dateTime={v.publishedAt} title={formatDateTime(v.publishedAt)}>{formatRelative(v.publishedAt)}</time>
                  </span>
                  {v.note ? <span className="truncate text-xs">“{v.note}”</span> : null}
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
