import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { anyOf, mapRow, recordsetInsert, rowsOf } from "./rows";

export type WebhookEventRow = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;

/**
 * One multi-row insert per webhook; a redelivered event hits the unique
 * (provider, dedupe_key) and is skipped. Returns only the rows this call created.
 */
export async function insertWebhookEvents(db: Queryable, rows: NewWebhookEvent[]) {
  if (rows.length === 0) return [];
  const result = await db.execute(sql`${recordsetInsert(webhookEvents, rows)}
    ON CONFLICT (provider, dedupe_key) DO NOTHING
    RETURNING id, provider, state, kind, channel_id, dedupe_key`);
  // Not the payload: the caller has it, and reading it back meant parsing it once more.
  return rowsOf<Record<string, unknown>>(result).map((raw) => {
    const { id, provider, state, kind, channelId, dedupeKey } = mapRow(webhookEvents, raw);
    return { id, provider, state, kind, channelId, dedupeKey };
  });
}

/** Events still to process, oldest first. */
export function loadOpenEvents(db: Queryable, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: webhookEvents.id, kind: webhookEvents.kind, channelId: webhookEvents.channelId, payload: webhookEvents.payload, attempts: webhookEvents.attempts })
    .from(webhookEvents)
    .where(and(anyOf(webhookEvents.id, ids), inArray(webhookEvents.state, ["pending", "processing"])))
    .orderBy(asc(webhookEvents.id));
}

/**
 * The exactly-once gate, run as the first statement of the processing transaction: marks
 * the event done only if nobody has, optionally taking the transaction's advisory lock. The row stays locked until commit, so a second
 * processor (another instance, the sweeper) waits here and then finds it done; if the
 * transaction rolls back, the event is open again.
 */
export async function markEventDoneIfOpen(tx: Queryable, id: number, advisoryKey?: string): Promise<boolean> {
  const rows = await tx
    .update(webhookEvents)
    .set({ state: "done", processedAt: sql`now()`, lockedUntil: null })
    .where(
      and(
        eq(webhookEvents.id, id),
        inArray(webhookEvents.state, ["pending", "processing"]),
        // The transaction's serialization lock, taken in the same round trip (evaluated
        // for the one candidate row, before its row lock). pg_advisory_xact_lock is void: never null.
        advisoryKey ? sql`pg_advisory_xact_lock(hashtextextended(${advisoryKey}, 0)) IS NOT NULL` : undefined,
      ),
    )
    .returning({ id: webhookEvents.id });
  return rows.length > 0;
}

/** The gate for a batch (its locks already taken): the ids this call marked done. */
export async function markEventsDoneIfOpen(tx: Queryable, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .update(webhookEvents)
    .set({ state: "done", processedAt: sql`now()`, lockedUntil: null })
    .where(and(anyOf(webhookEvents.id, ids), inArray(webhookEvents.state, ["pending", "processing"])))
    .returning({ id: webhookEvents.id });
  return new Set(rows.map((r) => r.id));
}

/**
 * Of these (order key, event id) pairs, the order keys that have an older event still
 * open (stored by another instance and not processed yet): those must go first.
 */
export async function orderKeysWithOlderOpen(tx: Queryable, pairs: { orderKey: string; id: number }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  // The keys as one array the planner sees (not a recordset it takes for 100 rows), so it
  // looks them up in the open-events index instead of reading every open event's entry.
  const oldest = await tx
    .select({ key: webhookEvents.orderKey, id: sql<number>`min(${webhookEvents.id})`.mapWith(Number) })
    .from(webhookEvents)
    .where(and(anyOf(webhookEvents.orderKey, [...new Set(pairs.map((p) => p.orderKey))]), inArray(webhookEvents.state, ["pending", "processing"])))
    .groupBy(webhookEvents.orderKey);
  const oldestOpen = new Map(oldest.map((r) => [r.key, r.id]));
  return new Set(pairs.filter((p) => (oldestOpen.get(p.orderKey) ?? Infinity) < p.id).map((p) => p.orderKey));
}

/**
 * A contact's messages stored before `beforeId` and still open (another instance stored
 * them and has not processed them yet), oldest first. Called under the conversation's lock.
 */
export function openOlderEvents(tx: Queryable, orderKey: string, beforeId: number, limit = 100) {
  return tx
    .select({ id: webhookEvents.id, payload: webhookEvents.payload })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.orderKey, orderKey), lt(webhookEvents.id, beforeId), inArray(webhookEvents.state, ["pending", "processing"])))
    .orderBy(asc(webhookEvents.id))
    .limit(limit);
}

export async function markEventNote(db: Queryable, id: number, note: string) {
  await db.update(webhookEvents).set({ note }).where(eq(webhookEvents.id, id));
}

export async function markEventDone(db: Queryable, id: number, note?: string) {
  await db
    .update(webhookEvents)
    .set({ state: "done", processedAt: sql`now()`, lockedUntil: null, ...(note ? { note } : {}) })
    .where(and(eq(webhookEvents.id, id), inArray(webhookEvents.state, ["pending", "processing"])));
}

/** A processing attempt failed: back to pending after `retryInMs`, or failed for good after `maxAttempts`. */
export async function markEventRetry(db: Queryable, id: number, error: string, retryInMs: number, maxAttempts: number) {
  await db
    .update(webhookEvents)
    .set({
      attempts: sql`${webhookEvents.attempts} + 1`,
      lastError: error.slice(0, 1000),
      state: sql`CASE WHEN ${webhookEvents.attempts} + 1 >= ${maxAttempts} THEN 'failed' ELSE 'pending' END`,
      lockedUntil: sql`now() + ${`${Math.max(0, Math.round(retryInMs))} milliseconds`}::interval`,
    })
    .where(and(eq(webhookEvents.id, id), inArray(webhookEvents.state, ["pending", "processing"])));
}

/**
 * The sweeper's claim: open events whose lease has passed (their owner crashed, or their
 * processing failed and its retry is due), taken with FOR UPDATE SKIP LOCKED so several
 * instances split the work, and leased again for `leaseMs`. Events that used up their
 * attempts are failed instead of claimed.
 */
export async function claimStaleEvents(db: Queryable, opts: { limit: number; leaseMs: number; maxAttempts: number; now?: Date }) {
  const now = opts.now ? sql`${opts.now.toISOString()}::timestamptz` : sql`now()`;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: webhookEvents.id, attempts: webhookEvents.attempts })
      .from(webhookEvents)
      .where(
        and(
          inArray(webhookEvents.state, ["pending", "processing"]),
          sql`coalesce(${webhookEvents.lockedUntil}, ${webhookEvents.receivedAt}) <= ${now}`,
        ),
      )
      .orderBy(asc(webhookEvents.id))
      .limit(opts.limit)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return [];
    const exhausted = rows.filter((r) => r.attempts >= opts.maxAttempts).map((r) => r.id);
    const live = rows.filter((r) => r.attempts < opts.maxAttempts).map((r) => r.id);
    if (exhausted.length > 0) {
      await tx
        .update(webhookEvents)
        .set({ state: "failed", lockedUntil: null, lastError: sql`coalesce(${webhookEvents.lastError}, 'processing interrupted too many times')` })
        .where(inArray(webhookEvents.id, exhausted));
    }
    if (live.length > 0) {
      await tx
        .update(webhookEvents)
        .set({
          state: "processing",
          attempts: sql`${webhookEvents.attempts} + 1`,
          lockedUntil: sql`${now} + ${`${opts.leaseMs} milliseconds`}::interval`,
        })
        .where(inArray(webhookEvents.id, live));
    }
    return live;
  });
}

export function countWebhookEvents(db: Queryable) {
  return db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents);
}
