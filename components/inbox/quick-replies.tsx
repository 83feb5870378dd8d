"use client";

import { MessageSquareText, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

import { errorMessage } from "@/components/data/api-fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

import { useDeleteQuickReply, useQuickReplies, useSaveQuickReply } from "./queries";
import type { QuickReply } from "./types";

/** Saved answers matching what follows a leading "/" in the composer. */
export function matchingQuickReplies(all: QuickReply[], draft: string): QuickReply[] | null {
  const match = /^\/([\p{L}\p{N}_-]*)$/u.exec(draft);
  if (!match) return null;
  const needle = match[1]!.toLowerCase();
  return all.filter((r) => r.shortcut.includes(needle) || r.text.toLowerCase().includes(needle)).slice(0, 8);
}

/** The suggestions shown above the text box while the agent types "/…". */
export function QuickReplyMenu({ items, active, onPick }: { items: QuickReply[]; active: number; onPick: (reply: QuickReply) => void }) {
  if (items.length === 0) return <p className="rounded-md border bg-popover px-3 py-2 text-xs text-muted-foreground">No saved answer matches. Add one with the speech-bubble button.</p>;
  return (
    <ul role="listbox" aria-label="Saved answers" className="max-h-56 overflow-y-auto rounded-md border bg-popover p-1 shadow-md" data-testid="quick-reply-menu">
      {items.map((reply, i) => (
        <li key={reply.id} role="option" aria-selected={i === active}>
          <button
            type="button"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(reply)}
            data-testid={`quick-reply-${reply.shortcut}`}
            className={cn("grid w-full gap-0.5 rounded px-2 py-1.5 text-left text-sm hover:bg-accent", i === active && "bg-accent")}
          >
            <span className="font-mono text-xs text-primary">/{reply.shortcut}</span>
            <span className="line-clamp-2 text-muted-foreground">{reply.text}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Add, edit and delete saved answers (shared by every agent). */
export function QuickRepliesDialog() {
  const replies = useQuickReplies();
  const save = useSaveQuickReply();
  const remove = useDeleteQuickReply();
  const [editing, setEditing] = useState<{ id?: string; shortcut: string; text: string }>({ shortcut: "", text: "" });

  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button type="button" size="icon-sm" variant="ghost" aria-label="Saved answers" data-testid="quick-replies-manage">
          <MessageSquareText aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Saved answers</DialogTitle>
          <DialogDescription>Type “/” and the shortcut in the reply box to insert one.</DialogDescription>
        </DialogHeader>
        <ul className="grid max-h-64 gap-1.5 overflow-y-auto">
          {(replies.data ?? []).map((reply) => (
            <li key={reply.id} className="flex items-start gap-2 rounded-md border px-2.5 py-2">
              <span className="grid min-w-0 flex-1 gap-0.5">
                <span className="font-mono text-xs text-primary">/{reply.shortcut}</span>
                <span className="line-clamp-2 text-sm">{reply.text}</span>
              </span>
              <Button type="button" size="icon-sm" variant="ghost" aria-label={`Edit /${reply.shortcut}`} onClick={() => setEditing(reply)}>
                <Pencil aria-hidden />
              </Button>
              <Button type="button" size="icon-sm" variant="ghost" aria-label={`Delete /${reply.shortcut}`} onClick={() => remove.mutate(reply.id, { onError: (e) => toast.error(errorMessage(e)) })}>
                <Trash2 aria-hidden />
              </Button>
            </li>
          ))}
          {replies.data?.length === 0 ? <li className="text-sm text-muted-foreground">No saved answers yet.</li> : null}
        </ul>
        <form
          className="grid gap-2 border-t pt-3"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(editing, {
              onSuccess: () => setEditing({ shortcut: "", text: "" }),
              onError: (e) => toast.error(errorMessage(e)),
            });
          }}
        >
          <p className="text-sm font-medium">{editing.id ? `Edit /${editing.shortcut}` : "New saved answer"}</p>
          <div className="grid gap-1">
            <Label htmlFor="qr-shortcut" className="text-xs">
              Shortcut
            </Label>
            <Input id="qr-shortcut" data-testid="qr-shortcut" value={editing.shortcut} onChange={(e) => setEditing({ ...editing, shortcut: e.target.value })} placeholder="hours" />
          </div>
          <div className="grid gap-1">
            <Label htmlFor="qr-text" className="text-xs">
              Answer
            </Label>
            <Textarea id="qr-text" data-testid="qr-text" rows={3} value={editing.text} onChange={(e) => setEditing({ ...editing, text: e.target.value })} placeholder="We're open Monday to Friday, 9:00–18:00." />
          </div>
          <div className="flex justify-end gap-2">
            {editing.id ? (
              <Button type="button" variant="ghost" onClick={() => setEditing({ shortcut: "", text: "" })}>
                Cancel
              </Button>
            ) : null}
            <Button type="submit" disabled={!editing.shortcut.trim() || !editing.text.trim() || save.isPending} data-testid="qr-save">
              {editing.id ? "Save" : "Add"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
