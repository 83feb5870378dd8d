"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Headset, MessagesSquare, PanelRight } from "lucide-react";
import { useEffect, useMemo } from "react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

import { Composer } from "./composer";
import { formatWaId, windowState } from "./format";
import { MessageList } from "./message-list";
import { ModeBadge } from "./mode-badge";
import { panelKey, stepsKey, useConversationMessages, useMarkConversationRead } from "./queries";
import { ThreadActions } from "./thread-actions";
import { WindowChip } from "./window-chip";
import type { Conversation } from "./types";

export function Thread({
  conversation,
  now,
  meId,
  panelOpen,
  onTogglePanel,
}: {
  conversation: Conversation | null;
  now: number;
  meId: string | null;
  panelOpen: boolean;
  onTogglePanel: () => void;
}) {
  if (!conversation) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center text-sm text-muted-foreground">
        <MessagesSquare aria-hidden className="size-8" />
        <p>Pick a conversation to see its messages and their ticks.</p>
      </div>
    );
  }
  return <ConversationThread key={conversation.id} conversation={conversation} now={now} meId={meId} panelOpen={panelOpen} onTogglePanel={onTogglePanel} />;
}

function ConversationThread({
  conversation,
  now,
  meId,
  panelOpen,
  onTogglePanel,
}: {
  conversation: Conversation;
  now: number;
  meId: string | null;
  panelOpen: boolean;
  onTogglePanel: () => void;
}) {
  const queryClient = useQueryClient();
  const messages = useConversationMessages(conversation.id);
  const markRead = useMarkConversationRead();
  const markReadMutate = markRead.mutate;
  const unread = conversation.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0 && document.visibilityState === "visible") markReadMutate(conversation.id);
  }, [conversation.id, unread, markReadMutate]);

  // pages[0] holds the newest messages; older pages follow.
  const ordered = useMemo(() => [...(messages.data?.pages ?? [])].reverse().flatMap((page) => page.items), [messages.data]);
  const newestId = ordered.at(-1)?.id;
  useEffect(() => {
    // A new message means the bot may have moved on: refresh the side panel's path and variables.
    if (!newestId) return;
    void queryClient.invalidateQueries({ queryKey: stepsKey(conversation.id) });
    void queryClient.invalidateQueries({ queryKey: panelKey(conversation.id) });
  }, [newestId, conversation.id, queryClient]);

  const name = conversation.contact.name || formatWaId(conversation.contact.waId);
  const windowClosed = !windowState(conversation.windowExpiresAt, now).open;

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-labelledby="thread-title" data-testid="thread" data-mode={conversation.mode}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2.5">
        <div className="min-w-0">
          <h2 id="thread-title" className="truncate font-semibold" data-testid="thread-title">
            {name}
          </h2>
          <p className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground tabular-nums">
            {formatWaId(conversation.contact.waId)}
            {conversation.channel ? <span data-testid="thread-channel">· {conversation.channel.name}</span> : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ModeBadge mode={conversation.mode} />
          {conversation.needsHuman && conversation.mode !== "closed" ? (
            <Badge variant="destructive" data-testid="needs-human-badge">
              <Headset aria-hidden />
              Needs a human
            </Badge>
          ) : null}
          <WindowChip expiresAt={conversation.windowExpiresAt} now={now} />
        </div>
        <div className="ml-auto flex items-center gap-1.5">
          <ThreadActions conversation={conversation} meId={meId} />
          <Button size="icon-sm" variant="ghost" aria-label={panelOpen ? "Hide details" : "Show details"} aria-pressed={panelOpen} onClick={onTogglePanel} data-testid="toggle-panel">
            <PanelRight aria-hidden />
          </Button>
        </div>
      </header>
      {conversation.mode === "bot" ? null : (
        <p className={cn("border-b px-4 py-1.5 text-xs", conversation.mode === "human" ? "bg-warning/10 text-foreground" : "bg-muted text-muted-foreground")} data-testid="mode-banner">
          {conversation.mode === "human"
            ? `${conversation.assignee ? `${conversation.assignee.id === meId ? "You have" : `${conversation.assignee.name} has`} this conversation` : "Waiting for an agent"} — the bot stays silent until it is handed back.`
            : "Closed. If the customer writes again it reopens with the bot."}
        </p>
      )}
      {messages.isPending ? (
        <div className="grid flex-1 content-start gap-3 bg-muted/40 p-4" aria-busy="true">
          <Skeleton className="h-10 w-1/2" />
          <Skeleton className="ml-auto h-10 w-1/2" />
        </div>
      ) : messages.isError && !messages.data ? (
        <div className="flex-1 p-4">
          <Alert variant="destructive">
            <AlertDescription>{messages.error.message}</AlertDescription>
          </Alert>
        </div>
      ) : ordered.length === 0 ? (
        <p className="m-auto text-sm text-muted-foreground">No messages yet.</p>
      ) : (
        <MessageList
          messages={ordered}
          label={`Messages with ${name}`}
          hasOlder={messages.hasNextPage}
          loadingOlder={messages.isFetchingNextPage}
          onLoadOlder={() => void messages.fetchNextPage()}
          now={now}
        />
      )}
      <Composer conversation={conversation} windowClosed={windowClosed} />
    </section>
  );
}
