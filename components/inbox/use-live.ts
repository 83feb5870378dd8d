"use client";

import { useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { forgetLive, rememberConversation, rememberMessage, upsertConversationInList, upsertMessage } from "./live-cache";
import type { ContactPanelData, Conversation, ConversationFilter, ConversationPage, InboxMessage, MessagePage } from "./types";

export type LiveStatus = "connecting" | "live" | "reconnecting";

const LIST_PREFIX = ["v1", "conversations", "list"];
const meId = (qc: QueryClient) => qc.getQueryData<{ id: string }>(["v1", "me"])?.id ?? null;

/** A conversation's new version into every list (each with its filter and search), the panel and the memory. */
export function applyConversation(qc: QueryClient, conversation: Conversation) {
  rememberConversation(conversation);
  const me = meId(qc);
  for (const query of qc.getQueryCache().findAll({ queryKey: LIST_PREFIX })) {
    const [, , , filter, q] = query.queryKey as [string, string, string, ConversationFilter, string];
    qc.setQueryData<InfiniteData<ConversationPage, string | null>>(query.queryKey, (data) => upsertConversationInList(data, conversation, { filter, q, meId: me }));
  }
  qc.setQueryData<ContactPanelData>(["v1", "conversations", "panel", conversation.id], (panel) =>
    panel && (conversation.changeSeq ?? 0) >= (panel.conversation.changeSeq ?? 0) ? { ...panel, conversation } : panel,
  );
}

/** A message's new version into its thread, if that thread is loaded. */
export function applyMessage(qc: QueryClient, message: InboxMessage) {
  rememberMessage(message);
  if (!message.conversationId) return;
  qc.setQueryData<InfiniteData<MessagePage, number | null>>(["v1", "conversations", "messages", message.conversationId], (data) => upsertMessage(data, message));
}

/**
 * One EventSource per tab on /api/v1/live. Events are applied to the caches in small
 * batches. The browser reconnects by itself (resending Last-Event-ID, so the server
 * replays what was missed); if it gives up (the server answered an error while
 * restarting), a new connection resumes from the last id. `reset` — too far behind —
 * reloads every inbox query instead.
 */
export function useLiveInbox(): LiveStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;
    const queue: (["conversation", Conversation] | ["message", InboxMessage])[] = [];

    const flush = () => {
      flushTimer = undefined;
      const batch = queue.splice(0);
      for (const [kind, data] of batch) {
        if (kind === "conversation") applyConversation(qc, data);
        else applyMessage(qc, data);
      }
    };
    const enqueue = (item: (typeof queue)[number]) => {
      queue.push(item);
      flushTimer ??= setTimeout(flush, 16);
    };
    const remember = (event: MessageEvent) => {
      if (event.lastEventId) lastId = event.lastEventId;
    };

    const open = () => {
      if (stopped) return;
      const url = lastId ? `/api/v1/live?since=${encodeURIComponent(lastId)}` : "/api/v1/live";
      const es = new EventSource(url);
      source = es;
      es.addEventListener("ready", (event) => {
        remember(event as MessageEvent);
        failures = 0;
        setStatus("live");
      });
      es.addEventListener("conversation", (event) => {
        remember(event as MessageEvent);
        enqueue(["conversation", JSON.parse((event as MessageEvent).data) as Conversation]);
      });
      es.addEventListener("message", (event) => {
        remember(event as MessageEvent);
        enqueue(["message", JSON.parse((event as MessageEvent).data) as InboxMessage]);
      });
      es.addEventListener("reset", (event) => {
        remember(event as MessageEvent);
        failures = 0;
        setStatus("live");
        forgetLive();
        void qc.invalidateQueries({ queryKey: ["v1", "conversations"] });
      });
      es.onerror = () => {
        setStatus("reconnecting");
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          failures++;
          retry = setTimeout(open, Math.min(1_000 * 2 ** Math.min(failures - 1, 4), 15_000));
        }
      };
    };

    open();
    return () => {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    };
  }, [qc]);

  return status;
}
