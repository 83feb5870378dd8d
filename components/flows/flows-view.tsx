"use client";

import { Copy, Download, MoreHorizontal, Pencil, Trash2, Workflow } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";

import { errorMessage } from "@/components/data/api-fetch";
import { formatDateTime, formatRelative } from "@/components/data/format";
import { useNow } from "@/components/data/use-now";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
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
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

import { ImportFlowButton } from "./import-flow-button";
import { NewFlowDialog } from "./new-flow-dialog";
import { exportUrl, useChannelNames, useDeleteFlow, useDuplicateFlow, useFlows, useRenameFlow, type FlowSummary } from "./queries";

function RenameDialog({ flow, onClose }: { flow: FlowSummary; onClose: () => void }) {
  const [name, setName] = useState(flow.name);
  const rename = useRenameFlow();
  return (
    <Dialog open onOpenChange={(open) => !open && !rename.isPending && onClose()}>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate(
              { id: flow.id, name: name.trim() },
              {
                onSuccess: () => {
                  toast.success("Flow renamed");
                  onClose();
                },
              },
            );
          }}
        >
          <DialogHeader>
            <DialogTitle>Rename “{flow.name}”</DialogTitle>
          </DialogHeader>
          <FormField id="rename-flow" label="Name" error={rename.error?.message}>
            {(control) => (
              <Input {...control} data-testid="rename-flow-input" autoFocus maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </FormField>
          <DialogFooter>
            <Button type="submit" disabled={!name.trim() || rename.isPending} data-testid="rename-flow-submit">
              {rename.isPending ? "Saving…" : "Rename"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeleteDialog({ flow, onClose }: { flow: FlowSummary; onClose: () => void }) {
  const remove = useDeleteFlow();
  return (
    <AlertDialog open onOpenChange={(open) => !open && !remove.isPending && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete “{flow.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            The draft and every published version are deleted
            {flow.publishedVersion ? ", and the bot stops answering with this flow on its channels" : ""}. This can&apos;t be undone — export it
            first if you may need it again.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {remove.error ? (
          <Alert variant="destructive">
            <AlertDescription>{remove.error.message}</AlertDescription>
          </Alert>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            data-testid="confirm-delete-flow"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(flow.id, {
                onSuccess: () => {
                  toast.success(`Flow “${flow.name}” deleted`);
                  onClose();
                },
              })
            }
          >
            {remove.isPending ? "Deleting…" : "Delete flow"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function RowActions({ flow, canEdit, onRename, onDelete }: { flow: FlowSummary; canEdit: boolean; onRename: () => void; onDelete: () => void }) {
  const duplicate = useDuplicateFlow();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${flow.name}`} data-testid="flow-actions">
          <MoreHorizontal aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {canEdit ? (
          <>
            <DropdownMenuItem onSelect={onRename} data-testid="flow-rename">
              <Pencil aria-hidden />
              Rename
            </DropdownMenuItem>
            <DropdownMenuItem
              data-testid="flow-duplicate"
              onSelect={() =>
                duplicate.mutate(flow.id, {
                  onSuccess: (copy) => toast.success(`Duplicated as “${copy.name}”`),
                  onError: (error) => toast.error(errorMessage(error)),
                })
              }
            >
              <Copy aria-hidden />
              Duplicate
            </DropdownMenuItem>
          </>
        ) : null}
        <DropdownMenuItem asChild data-testid="flow-export">
          <a href={exportUrl(flow.id)} download>
            <Download aria-hidden />
            Export as JSON
          </a>
        </DropdownMenuItem>
        {canEdit ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem variant="destructive" onSelect={onDelete} data-testid="flow-delete">
              <Trash2 aria-hidden />
              Delete…
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** Every flow with its state: draft / live version, channels, last edit, conversations in the last 24 h. */
export function FlowsView({ canEdit, canReadChannels, userId }: { canEdit: boolean; canReadChannels: boolean; userId: string }) {
  const flows = useFlows();
  const now = useNow();
  const bound = Boolean(flows.data?.some((f) => f.channelIds.length));
  const channels = useChannelNames(canReadChannels && bound);
  const [renaming, setRenaming] = useState<FlowSummary | null>(null);
  const [deleting, setDeleting] = useState<FlowSummary | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);

  if (flows.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true">
        <span className="sr-only">Loading flows…</span>
        {[0, 1, 2].map((key) => (
          <Skeleton key={key} className="h-12 rounded-lg" />
        ))}
      </div>
    );
  }

  if (flows.isError) {
    return (
      <Alert variant="destructive">
        <AlertTitle>Couldn&apos;t load flows</AlertTitle>
        <AlertDescription>
          <p>{flows.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => void flows.refetch()}>
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }

  const toolbar = canEdit ? (
    <div className="flex flex-wrap items-center gap-2" data-testid="flows-actions">
      <NewFlowDialog />
      <ImportFlowButton onImported={setFresh} />
    </div>
  ) : null;

  if (flows.data.length === 0) {
    return (
      <div className="grid gap-4">
        <EmptyState icon={Workflow} title="No flows yet" data-testid="empty-flows" actions={toolbar}>
          <p>
            A flow is what your bot says and asks. It starts with a trigger — a keyword such as “hi”, any message, or a tapped button — and
            continues with replies, questions, conditions and API calls.
          </p>
          <p>{canEdit ? "Create one and build it on the canvas, or import a flow file exported from Tickflow." : "Editors and admins create flows; you can view them here."}</p>
        </EmptyState>
      </div>
    );
  }

  const who = (id: string | null) => (!id ? "" : id === userId ? "you" : "a teammate");

  return (
    <div className="grid gap-4">
      {toolbar ? <div className="flex justify-end">{toolbar}</div> : null}
      <div className="rounded-xl border bg-card">
        <Table data-testid="flows-table">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Channels</TableHead>
              <TableHead>Last edit</TableHead>
              <TableHead className="text-right">Conversations (24 h)</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {flows.data.map((flow) => (
              <TableRow key={flow.id} data-testid={`flow-row-${flow.id}`} data-flow-name={flow.name} className={fresh === flow.id ? "bg-accent/50" : undefined}>
                <TableCell className="max-w-72">
                  <Link href={`/flows/${flow.id}`} className="font-medium underline-offset-4 hover:underline focus-visible:underline" data-testid="flow-link">
                    {flow.name}
                  </Link>
                  {flow.description ? <p className="truncate text-xs text-muted-foreground">{flow.description}</p> : null}
                </TableCell>
                <TableCell>
                  {flow.publishedVersion ? (
                    <Badge variant="success" data-testid="flow-status">
                      Live · v{flow.publishedVersion}
                    </Badge>
                  ) : (
                    <Badge variant="muted" data-testid="flow-status">
                      Draft
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="text-sm" data-testid="flow-channels">
                  {flow.channelIds.length === 0 ? (
                    <span className="text-muted-foreground">None</span>
                  ) : channels ? (
                    flow.channelIds.map((id) => channels.get(id) ?? "Removed channel").join(", ")
                  ) : (
                    `${flow.channelIds.length} channel${flow.channelIds.length === 1 ? "" : "s"}`
                  )}
                </TableCell>
                <TableCell className="text-sm whitespace-nowrap">
                  <time dateTime={flow.updatedAt} title={formatDateTime(flow.updatedAt)}>
                    {formatRelative(flow.updatedAt, now)}
                  </time>
                  {who(flow.updatedBy) ? <span className="text-muted-foreground"> by {who(flow.updatedBy)}</span> : null}
                </TableCell>
                <TableCell className="text-right tabular-nums" data-testid="flow-sessions">
                  {flow.sessions24h}
                </TableCell>
                <TableCell>
                  <RowActions flow={flow} canEdit={canEdit} onRename={() => setRenaming(flow)} onDelete={() => setDeleting(flow)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {renaming ? <RenameDialog flow={renaming} onClose={() => setRenaming(null)} /> : null}
      {deleting ? <DeleteDialog flow={deleting} onClose={() => setDeleting(null)} /> : null}
    </div>
  );
}
