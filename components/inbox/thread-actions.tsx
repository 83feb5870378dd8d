"use client";

import { Bot, ChevronDown, CircleCheck, Headset, RotateCcw, Undo2, UserRound } from "lucide-react";
import { toast } from "sonner";

import { errorMessage } from "@/components/data/api-fetch";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

import { useAssign, useAssignees, useConversationAction, type ModeAction } from "./queries";
import type { Conversation } from "./types";

const DONE: Record<ModeAction, string> = {
  takeover: "You have the conversation: the bot stays silent until you hand it back.",
  handback: "Handed back: the bot answers the next message.",
  close: "Conversation closed.",
  reopen: "Conversation reopened with the bot.",
};

/** Take over, hand back (resume or restart the bot), close, reopen, assign. */
export function ThreadActions({ conversation, meId }: { conversation: Conversation; meId: string | null }) {
  const action = useConversationAction(conversation.id);
  const assign = useAssign(conversation.id);
  const assignees = useAssignees();
  const run = (a: ModeAction, resume?: boolean) =>
    action.mutate(
      { action: a, resume },
      {
        onSuccess: () => toast.success(a === "handback" && resume === false ? "Handed back: the bot starts afresh with the next message." : DONE[a]),
        onError: (error) => toast.error(errorMessage(error)),
      },
    );
  const busy = action.isPending;
  const mine = conversation.assignedUserId === meId;

  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Conversation actions">
      {conversation.mode === "closed" ? (
        <Button size="sm" variant="outline" onClick={() => run("reopen")} disabled={busy} data-testid="reopen-conversation">
          <RotateCcw aria-hidden />
          Reopen
        </Button>
      ) : null}
      {conversation.mode !== "closed" && (conversation.mode === "bot" || !mine) ? (
        <Button size="sm" onClick={() => run("takeover")} disabled={busy} data-testid="takeover">
          <Headset aria-hidden />
          Take over
        </Button>
      ) : null}
      {conversation.mode === "human" ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button size="sm" variant={mine ? "default" : "outline"} disabled={busy} data-testid="handback">
              <Bot aria-hidden />
              Hand back
              <ChevronDown aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="w-72">
            <DropdownMenuLabel>Hand back to the bot</DropdownMenuLabel>
            <DropdownMenuItem onSelect={() => run("handback", true)} data-testid="handback-resume" className="items-start">
              <Undo2 aria-hidden className="mt-0.5" />
              <span className="grid">
                <span>Resume where it waits</span>
                <span className="text-xs text-muted-foreground">The bot continues its session with the next message.</span>
              </span>
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => run("handback", false)} data-testid="handback-restart" className="items-start">
              <RotateCcw aria-hidden className="mt-0.5" />
              <span className="grid">
                <span>Restart the bot</span>
                <span className="text-xs text-muted-foreground">End its session; the next message starts from the triggers.</span>
              </span>
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}
      {conversation.mode !== "closed" ? (
        <Button size="sm" variant="outline" onClick={() => run("close")} disabled={busy} data-testid="close-conversation">
          <CircleCheck aria-hidden />
          Close
        </Button>
      ) : null}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button size="sm" variant="ghost" data-testid="assign-trigger" disabled={assign.isPending} aria-label="Assign">
            <UserRound aria-hidden />
            <span className="max-w-28 truncate">{conversation.assignee?.name ?? "Unassigned"}</span>
            <ChevronDown aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="max-h-80 w-60 overflow-y-auto">
          <DropdownMenuLabel>Assign to</DropdownMenuLabel>
          {(assignees.data ?? []).map((user) => (
            <DropdownMenuItem
              key={user.id}
              data-testid={`assign-${user.email}`}
              onSelect={() => assign.mutate(user.id, { onError: (error) => toast.error(errorMessage(error)) })}
            >
              <span className="truncate">{user.name}</span>
              {user.id === meId ? <span className="ml-auto text-xs text-muted-foreground">you</span> : null}
            </DropdownMenuItem>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem data-testid="assign-none" onSelect={() => assign.mutate(null, { onError: (error) => toast.error(errorMessage(error)) })}>
            Unassign
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </div>
  );
}
