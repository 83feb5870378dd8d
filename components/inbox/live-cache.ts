import type { InfiniteData } from "@tanstack/react-query";

import type { Conversation, ConversationFilter, ConversationPage, InboxMessage, MessagePage } from "./types";

/**
 * Pure updates of the inbox's react-query caches from live events. Every update is
 * idempotent and ordered by `changeSeq`: the same event twice, or an older version after
 * a newer one, changes nothing.
 */

const newer = (incoming: { changeSeq?: number }, existing: { changeSeq?: number } | undefined) =>
  !existing || (incoming.changeSeq ?? 0) >= (existing.changeSeq ?? 0);

/** Does the conversation belong in the list shown for this filter (search aside)? */
export function matchesFilter(c: Conversation, filter: ConversationFilter, meId: string | null | undefined): boolean {
  switch (filter) {
    case "bot":
      return c.mode === "bot";
    case "needs_human":
      return Boolean(c.needsHuman) && c.mode !== "closed";
    case "mine":
      return Boolean(meId) && c.assignedUserId === meId && c.mode !== "closed";
    case "closed":
      return c.mode === "closed";
    default:
      return true;
  }
}

/** What the browser can tell of a search match: name, number, preview (the server also searches every message). */
export function matchesSearch(c: Conversation, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  const digits = needle.replace(/\D/g, "");
  return (
    (c.contact.name ?? "").toLowerCase().includes(needle) ||
    (digits.length >= 3 && c.contact.waId.includes(digits)) ||
    (c.lastMessagePreview ?? "").toLowerCase().includes(needle)
  );
}

/** Newest activity first, ties by id — the server's order. */
export function compareConversations(a: Conversation, b: Conversation): number {
  const at = a.lastMessageAt ? Date.parse(a.lastMessageAt) : -Infinity;
  const bt = b.lastMessageAt ? Date.parse(b.lastMessageAt) : -Infinity;
  if (at !== bt) return bt - at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Inserts, moves (newest activity to the top), replaces or removes a conversation in one
 * cached list. A conversation that sorts after everything loaded while older pages remain
 * is left for pagination to bring.
 */
export function upsertConversationInList(
  data: InfiniteData<ConversationPage, string | null> | undefined,
  conversation: Conversation,
  view: { filter: ConversationFilter; q: string; meId?: string | null },
): InfiniteData<ConversationPage, string | null> | undefined {
  if (!data || data.pages.length === 0) return data;
  const flat = data.pages.flatMap((p) => p.items);
  const index = flat.findIndex((c) => c.id === conversation.id);
  const existing = index >= 0 ? flat[index] : undefined;
  if (!newer(conversation, existing)) return data;
  const belongs = matchesFilter(conversation, view.filter, view.meId) && (view.q === "" || existing !== undefined || matchesSearch(conversation, view.q));
  if (!belongs && !existing) return data;

  const next = flat.filter((c) => c.id !== conversation.id);
  if (belongs) {
    let at = next.findIndex((c) => compareConversations(conversation, c) < 0);
    if (at === -1) at = next.length;
    const morePages = data.pages.at(-1)?.nextCursor != null;
    if (at < next.length || !morePages || existing) next.splice(at, 0, conversation);
  }
  const sizes = data.pages.map((p) => p.items.length);
  sizes[0] = Math.max(0, sizes[0]! + next.length - flat.length);
  let offset = 0;
  const pages = data.pages.map((page, i) => {
    const size = i === data.pages.length - 1 ? next.length - offset : sizes[i]!;
    const items = next.slice(offset, offset + size);
    offset += size;
    return { ...page, items };
  });
  return { ...data, pages };
}

const bySeq = (a: InboxMessage, b: InboxMessage) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER);

/**
 * Inserts or replaces a message in a conversation's cached pages (pages[0] is the newest).
 * The server's version of an agent's message replaces the one shown while it was sent.
 */
export function upsertMessage(
  data: InfiniteData<MessagePage, number | null> | undefined,
  message: InboxMessage,
  opts: { replacePendingId?: string } = {},
): InfiniteData<MessagePage, number | null> | undefined {
  if (!data || data.pages.length === 0) return data;
  let found = false;
  let stale = false;
  const pages = data.pages.map((page) => {
    const at = page.items.findIndex((m) => m.id === message.id);
    if (at === -1) return page;
    found = true;
    if (!newer(message, page.items[at])) {
      stale = true;
      return page;
    }
    const items = page.items.slice();
    items[at] = message;
    return { ...page, items };
  });
  if (stale) return data;
  const pendingId = opts.replacePendingId ?? (!found ? matchingPending(pages[0]!.items, message) : undefined);
  if (pendingId) pages[0] = { ...pages[0]!, items: pages[0]!.items.filter((m) => m.id !== pendingId) };
  if (!found) pages[0] = { ...pages[0]!, items: [...pages[0]!.items, message].sort(bySeq) };
  return { ...data, pages };
}

/** The optimistic bubble this server message stands for (the agent's same text, still pending). */
function matchingPending(items: InboxMessage[], message: InboxMessage): string | undefined {
  if (message.direction !== "out" || message.senderKind !== "agent") return undefined;
  return items.find((m) => m.pending && m.type === message.type && m.text === message.text)?.id;
}

export function removeMessage(data: InfiniteData<MessagePage, number | null> | undefined, id: string) {
  if (!data) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((m) => m.id !== id) })) };
}

/**
 * Recent live versions, so a list or thread fetched while events streamed in does not
 * put back an older state: fetched rows are reconciled against what the stream said.
 */
const LIMIT = 2_000;
const conversations = new Map<string, Conversation>();
const messages = new Map<string, InboxMessage>();

function remember<T>(map: Map<string, T>, id: string, value: T) {
  map.delete(id);
  map.set(id, value);
  if (map.size > LIMIT) map.delete(map.keys().next().value!);
}

export function rememberConversation(c: Conversation) {
  if (newer(c, conversations.get(c.id))) remember(conversations, c.id, c);
}

export function rememberMessage(m: InboxMessage) {
  if (newer(m, messages.get(m.id))) remember(messages, m.id, m);
}

export function forgetLive() {
  conversations.clear();
  messages.clear();
}

export function reconcileConversations(items: Conversation[]): Conversation[] {
  return items.map((c) => {
    const live = conversations.get(c.id);
    return live && (live.changeSeq ?? 0) > (c.changeSeq ?? 0) ? live : c;
  });
}

/** A freshly fetched page of messages, with newer live versions and (for the newest page) live messages it missed. */
export function reconcileMessages(conversationId: string, page: MessagePage, newest: boolean): MessagePage {
  const ids = new Set(page.items.map((m) => m.id));
  const items = page.items.map((m) => {
    const live = messages.get(m.id);
    return live && (live.changeSeq ?? 0) > (m.changeSeq ?? 0) ? live : m;
  });
  if (newest) {
    const oldest = page.items[0]?.seq ?? 0;
    for (const m of messages.values()) {
      if (m.conversationId === conversationId && !ids.has(m.id) && (m.seq ?? 0) > oldest) items.push(m);
    }
    items.sort(bySeq);
  }
  return { ...page, items };
}
