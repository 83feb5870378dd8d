import type { Database, Queryable, Tx } from "@/db/client";
import { insertOutboundTouching, type MessageRow, type NewMessageRow } from "@/db/queries/messages";
import type { ClaimedOutbound } from "@/db/queries/outbound";
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

/**
 * What a transaction queued, dispatched once it commits: the conversations it queued rows
 * in, and the rows it claimed as it stored them (storeMessages), sent without a claim.
 */
const outbox = new WeakMap<object, { conversations: Set<string>; claimed: { row: ClaimedOutbound; claimedAt: number }[] }>();
/**
 * Transactions run by transactionWithDispatch: their callers hold the lock of every
 * conversation they queue into (the processing transactions, inConversationTurn, the
 * channel's test message), so storeMessages may claim a conversation's new head as it
 * inserts it (insertOutboundTouching).
 */
const dispatching = new WeakSet<object>();
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
 * In a transactionWithDispatch transaction, a conversation's first reply with nothing
 * queued before it is claimed in the same statement, so it leaves as soon as `tx`
 * commits: at 500 msg/s the claim statement was a round trip and 1.5 ms (p50) of each
 * reply's way out (bench/README.md).
 */
export async function storeMessages(tx: Queryable, rows: NewMessageRow[]): Promise<MessageRow[]> {
  if (rows.length === 0) return [];
  const lastByConversation = new Map<string, string>();
  for (const r of rows) if (r.direction === "out") lastByConversation.set(r.conversationId, r.text ?? "");
  const claimedAt = Date.now();
  const { rows: stored, claimed } = await insertOutboundTouching(
    tx,
    rows,
    [...lastByConversation].map(([conversationId, preview]) => ({ conversationId, preview })),
    dispatching.has(tx) ? getDispatcher().options.leaseMs : undefined,
  );
  if (lastByConversation.size > 0) {
    let queued = outbox.get(tx);
    if (!queued) outbox.set(tx, (queued = { conversations: new Set(), claimed: [] }));
    for (const id of lastByConversation.keys()) queued.conversations.add(id.toLowerCase());
    for (const row of claimed) queued.claimed.push({ row, claimedAt });
  }
  return stored;
}

/** Hands what `tx` queued to the dispatcher and runs its commit hooks. Call only after the transaction committed. */
export function dispatchAfterCommit(tx: object): void {
  const queued = outbox.get(tx);
  if (queued) {
    outbox.delete(tx);
    const dispatcher = getDispatcher();
    for (const { row, claimedAt } of queued.claimed) {
      dispatcher.adopt(row, claimedAt);
      queued.conversations.delete(row.message.conversationId);
    }
    for (const conversationId of queued.conversations) void dispatcher.kick(conversationId);
  }
  const hooks = commitHooks.get(tx);
  if (hooks) {
    commitHooks.delete(tx);
    for (const hook of hooks) background("after-commit hook", async () => hook());
  }
}

/**
 * A transaction whose queued outbound messages are dispatched right after it commits. The
 * caller holds the lock of every conversation it queues into (see `dispatching`).
 */
export async function transactionWithDispatch<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let handle: Tx | undefined;
  const result = await db.transaction(async (tx) => {
    handle = tx;
    dispatching.add(tx);
    return fn(tx);
  });
  if (handle) dispatchAfterCommit(handle);
  return result;
}
