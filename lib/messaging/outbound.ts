import type { Database, Queryable, Tx } from "@/db/client";
import { insertOutboundTouching, type MessageRow, type NewMessageRow } from "@/db/queries/messages";
import { contentPreview, type OutboundContent } from "@/lib/channels/content";
import { background } from "./background";
import { getDispatcher } from "./dispatcher";

/** Optional bookkeeping on an outbound message. */
export interface OutboundExtras {
  /** Provider id of the customer message to quote. */
  replyTo?: string;
  flowId?: string | null;
  flowVersion?: number | null;
  blockId?: string | null;
  sessionId?: string | null;
}

export interface OutboundInput extends OutboundExtras {
  conversationId: string;
  channelId: string;
  content: OutboundContent;
  senderKind?: "bot" | "agent" | "system";
  senderUserId?: string | null;
}

/** What the dispatcher reads back from `message.content`. */
export type StoredOutboundContent = OutboundContent & { replyTo?: string };

/** Conversations with rows queued by a transaction, dispatched once it commits. */
const outbox = new WeakMap<object, Set<string>>();
/** Other work a transaction wants done once it has committed (e.g. the flow engine's due jobs). */
const commitHooks = new WeakMap<object, (() => unknown)[]>();

/**
 * Runs `fn` after `tx` commits (never if it rolls back), in the background, errors
 * logged. Works for transactions run by `transactionWithDispatch` — which includes the
 * inbound processing transaction handed to the BotRunner.
 */
export function onCommit(tx: object, fn: () => unknown): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(fn);
  else commitHooks.set(tx, [fn]);
}

/**
 * Writes outbound messages as `queued` in the caller's transaction — the same one that
 * decided to send them, so a rollback sends nothing and a commit can never lose them.
 * Nothing is sent here: `transactionWithDispatch` (or the sweeper, after a crash) hands
 * them to the dispatcher after commit, in conversation order. The 24-hour window is
 * checked by the dispatcher before calling the provider; API callers check it up front
 * to answer 422.
 */
export async function enqueueOutbound(tx: Queryable, input: OutboundInput | OutboundInput[]): Promise<MessageRow[]> {
  const list = Array.isArray(input) ? input : [input];
  return storeMessages(tx, list.map(outboundRow));
}

/** The row an outbound message is stored as, `queued`. */
export function outboundRow(m: OutboundInput): NewMessageRow {
  return {
    conversationId: m.conversationId,
    channelId: m.channelId,
    direction: "out",
    senderKind: m.senderKind ?? "bot",
    senderUserId: m.senderUserId ?? null,
    type: m.content.type,
    text: contentPreview(m.content),
    content: (m.replyTo ? { ...m.content, replyTo: m.replyTo } : m.content) as Record<string, unknown>,
    status: "queued",
    flowId: m.flowId ?? null,
    flowVersion: m.flowVersion ?? null,
    blockId: m.blockId ?? null,
    sessionId: m.sessionId ?? null,
  };
}

/** A visible system note in a conversation (flow errors, handoff reasons); never sent. */
export function noteRow(c: { conversationId: string; channelId: string }, text: string, author?: string): NewMessageRow {
  return { ...c, direction: "in", senderKind: "system", type: "note", text, content: author ? { note: text, author } : { note: text }, status: "received" };
}

/**
 * Stores message rows in this order with one statement: outbound ones `queued` (their
 * conversations' activity moved to them, and dispatched after `tx` commits), others
 * (system notes) as they are. A batch of turns stores all its replies and notes at once.
 */
export async function storeMessages(tx: Queryable, rows: NewMessageRow[]): Promise<MessageRow[]> {
  if (rows.length === 0) return [];
  const lastByConversation = new Map<string, string>();
  for (const r of rows) if (r.direction === "out") lastByConversation.set(r.conversationId, r.text ?? "");
  const stored = await insertOutboundTouching(
    tx,
    rows,
    [...lastByConversation].map(([conversationId, preview]) => ({ conversationId, preview })),
  );
  if (lastByConversation.size > 0) {
    let pending = outbox.get(tx);
    if (!pending) outbox.set(tx, (pending = new Set()));
    for (const id of lastByConversation.keys()) pending.add(id);
  }
  return stored;
}

/** Hands what `tx` queued to the dispatcher and runs its commit hooks. Call only after the transaction committed. */
export function dispatchAfterCommit(tx: object): void {
  const pending = outbox.get(tx);
  if (pending) {
    outbox.delete(tx);
    const dispatcher = getDispatcher();
    for (const conversationId of pending) void dispatcher.kick(conversationId);
  }
  const hooks = commitHooks.get(tx);
  if (hooks) {
    commitHooks.delete(tx);
    for (const hook of hooks) background("after-commit hook", async () => hook());
  }
}

/** A transaction whose queued outbound messages are dispatched right after it commits. */
export async function transactionWithDispatch<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let handle: Tx | undefined;
  const result = await db.transaction(async (tx) => {
    handle = tx;
    return fn(tx);
  });
  if (handle) dispatchAfterCommit(handle);
  return result;
}
