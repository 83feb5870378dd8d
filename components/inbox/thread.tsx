"use client";

import { MessagesSquare } from "lucide-react";
import { useEffect, useLayoutEffect, useRef } from "react";

import { Alert, AlertDescription } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";

import { Composer } from "./composer";
import { formatWaId, windowLeft } from "./format";
import { MessageBubble } from "./message-bubble";
import { ModeBadge } from "./mode-badge";
import { useConversationMessages, useMarkConversationRead, type Conversation } from "./queries";

export function Thread({ conversation, now }: { conversation: Conversation | null; now: number }) {
  if (!conversation) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center text-sm text-muted-foreground">
        <MessagesSquare aria-hidden className="size-8" />
        <p>Pick a conversation to see its messages and their ticks.</p>
      </div>
    );
  }
  return <ConversationThread key={conversation.id} conversation={conversation} now={now} />;
}

function ConversationThread({ conversation, now }: { conversation: Conversation; now: number }) {
  const messages = useConversationMessages(conversation.id);
  const markRead = useMarkConversationRead();
  const markReadMutate = markRead.mutate;
  const unread = conversation.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0 && document.visibilityState === "visible") markReadMutate(conversation.id);
  }, [conversation.id, unread, markReadMutate]);
  const logRef = useRef<HTMLDivElement>(null);
  // The API answers oldest first, in the order the messages were stored.
  const sorted = messages.data ?? [];
  const name = conversation.contact.name || formatWaId(conversation.contact.waId);
  const left = windowLeft(conversation.windowExpiresAt, now);
  const windowClosed = conversation.windowExpiresAt !== undefined && left === null;

  // A new message, or a late failure note under the last one, scrolls into view.
  const last = sorted.at(-1);
  const tailKey = `${last?.id}:${last?.status}`;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [tailKey]);

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-labelledby="thread-title" data-testid="thread">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b px-4 py-3">
        <div className="min-w-0">
          <h2 id="thread-title" className="truncate font-semibold">
            {name}
          </h2>
          <p className="text-xs text-muted-foreground tabular-nums">{formatWaId(conversation.contact.waId)}</p>
        </div>
        <div className="ml-auto flex items-center gap-2">
          {conversation.windowExpiresAt !== undefined ? (
            <span className="text-xs text-muted-foreground" data-testid="window-state">
              {left ? `24-hour window ${left}` : "24-hour window closed"}
            </span>
          ) : null}
          <ModeBadge mode={conversation.mode} />
        </div>
      </header>
      <div
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label={`Messages with ${name}`}
        tabIndex={0}
        className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto bg-muted/40 px-4 py-4 outline-none focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset"
      >
        {messages.isPending ? (
          <div className="grid gap-3" aria-busy="true">
            <Skeleton className="h-10 w-1/2" />
            <Skeleton className="ml-auto h-10 w-1/2" />
          </div>
        ) : messages.isError && !messages.data ? (
          <Alert variant="destructive">
            <AlertDescription>{messages.error.message}</AlertDescription>
          </Alert>
        ) : sorted.length === 0 ? (
          <p className="m-auto text-sm text-muted-foreground">No messages yet.</p>
        ) : (
          sorted.map((message) => <MessageBubble key={message.id} message={message} />)
        )}
      </div>
      <Composer conversationId={conversation.id} windowClosed={windowClosed} />
    </section>
  );
}
