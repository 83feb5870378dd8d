import type { Queryable } from "@/db/client";
import { conversationRowsByContactIds, conversationRowsByIds, conversationRowsChangedSince, messageRowsByIds, messageRowsChangedSince } from "@/db/queries/conversations";
import { loadMessageViews, rowToConversationView } from "@/lib/messaging/conversations";
import type { ConversationListRow } from "@/db/queries/conversations";
import type { MessageRow } from "@/db/queries/messages";
import type { LiveEvent } from "./events";

/** The rows a batch of notifications names. */
export interface ChangedRefs {
  messages: Set<string>;
  conversations: Set<string>;
  contacts: Set<string>;
}

export const emptyRefs = (): ChangedRefs => ({ messages: new Set(), conversations: new Set(), contacts: new Set() });

async function toEvents(db: Queryable, conversations: ConversationListRow[], messages: MessageRow[]): Promise<LiveEvent[]> {
  const events: LiveEvent[] = [];
  const seen = new Set<string>();
  for (const row of conversations) {
    if (seen.has(row.conversation.id)) continue;
    seen.add(row.conversation.id);
    const data = rowToConversationView(row);
    events.push({ kind: "conversation", seq: data.changeSeq, id: data.id, conversationId: data.id, data });
  }
  for (const data of await loadMessageViews(db, messages)) {
    events.push({ kind: "message", seq: data.changeSeq, id: data.id, conversationId: data.conversationId, data });
  }
  return events.sort((a, b) => a.seq - b.seq);
}

/** The current state of the rows named by notifications, as events ordered by their change_seq. */
export async function eventsFor(db: Queryable, refs: ChangedRefs): Promise<LiveEvent[]> {
  const [byId, byContact, messages] = await Promise.all([
    conversationRowsByIds(db, [...refs.conversations]),
    conversationRowsByContactIds(db, [...refs.contacts]),
    messageRowsByIds(db, [...refs.messages]),
  ]);
  return toEvents(db, [...byId, ...byContact], messages);
}

/**
 * Everything changed after `since`, for a client catching up. `truncated` when there is
 * more than `limit` of either kind: the client should reload rather than replay.
 */
export async function eventsSince(db: Queryable, since: number, limit: number): Promise<{ events: LiveEvent[]; truncated: boolean }> {
  const [conversations, messages] = await Promise.all([conversationRowsChangedSince(db, since, limit + 1), messageRowsChangedSince(db, since, limit + 1)]);
  if (conversations.length > limit || messages.length > limit) return { events: [], truncated: true };
  return { events: await toEvents(db, conversations, messages), truncated: false };
}
