import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { contacts, conversations, messages, messageStatusEvents, type MessageError } from "@/db/schema";
import { isUuid } from "@/lib/uuid";
import type { MessageRow } from "./messages";
import { mapRow, rowsOf, texts, uuids } from "./rows";

/**
 * The dispatcher's queries: claiming the heads of conversations' outbound queues under a
 * lease, recording what the provider answered (success, retry, permanent failure), and
 * finding queues whose head is overdue after a crash.
 */

export interface ClaimedOutbound {
  message: MessageRow;
  waId: string;
  windowExpiresAt: Date | null;
}

/**
 * Claims the head of a conversation's outbound queue if it is due: one statement that
 * bumps `attempts` and leases the row (next_attempt_at = now + lease), so neither this
 * instance's sweeper nor another instance sends it meanwhile. Only the head is ever
 * eligible, which keeps sends in conversation order across retries and instances.
 */
export async function claimConversationHead(db: Queryable, conversationId: string, leaseMs: number): Promise<ClaimedOutbound | null> {
  const head = sql`(SELECT h.id FROM ${messages} h WHERE h.conversation_id = ${conversationId} AND h.status = 'queued' ORDER BY h.seq LIMIT 1)`;
  const [row] = await db
    .update(messages)
    .set({ attempts: sql`${messages.attempts} + 1`, nextAttemptAt: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(
      and(
        sql`${messages.id} = ${head}`,
        eq(messages.status, "queued"),
        sql`(${messages.nextAttemptAt} IS NULL OR ${messages.nextAttemptAt} <= now())`,
        eq(conversations.id, messages.conversationId),
      ),
    )
    .returning({
      ...getTableColumns(messages),
      headWaId: contacts.waId,
      headWindowExpiresAt: conversations.windowExpiresAt,
    });
  if (!row) return null;
  const { headWaId, headWindowExpiresAt, ...message } = row;
  return { message, waId: headWaId, windowExpiresAt: headWindowExpiresAt };
}

/** When the head of the queue is next due (null: nothing queued). */
export async function conversationHeadDueAt(db: Queryable, conversationId: string): Promise<{ dueAt: Date | null } | null> {
  const [row] = await db
    .select({ dueAt: messages.nextAttemptAt })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.status, "queued")))
    .orderBy(asc(messages.seq))
    .limit(1);
  return row ?? null;
}

/**
 * The send succeeded: store the provider id, move queued → accepted (a status webhook may
 * already have moved it further), record `accepted` in the history, and adopt statuses
 * that arrived before we knew the id. Returns how many were adopted.
 */
export async function recordSendSuccess(tx: Queryable, input: { messageId: string; channelId: string; providerMessageId: string }) {
  // One statement (three data-modifying steps on one snapshot): this runs once per send.
  const result = await tx.execute(sql`
    WITH m AS (
      UPDATE ${messages}
      SET provider_message_id = ${input.providerMessageId},
          status = CASE WHEN status = 'queued' THEN 'accepted' ELSE status END,
          error = CASE WHEN status = 'failed' THEN error ELSE NULL END,
          next_attempt_at = NULL
      WHERE id = ${input.messageId}
      RETURNING status
    ), accepted AS (
      INSERT INTO ${messageStatusEvents} (channel_id, message_id, provider_message_id, status, provider_timestamp)
      VALUES (${input.channelId}, ${input.messageId}, ${input.providerMessageId}, 'accepted', now())
      ON CONFLICT DO NOTHING
    ), adopted AS (
      UPDATE ${messageStatusEvents} SET message_id = ${input.messageId}
      WHERE channel_id = ${input.channelId} AND provider_message_id = ${input.providerMessageId} AND message_id IS NULL
      RETURNING 1
    )
    SELECT (SELECT status FROM m) AS status, (SELECT count(*) FROM adopted)::int AS adopted`);
  const [row] = rowsOf<{ status: string | null; adopted: number }>(result);
  return { status: row?.status ?? null, adopted: Number(row?.adopted ?? 0) };
}


/**
 * The heads of several conversations' outbound queues claimed in one statement: the
 * dispatcher's batch form of `claimConversationHead`, with the same rules. Per
 * conversation only the lowest-seq queued row is eligible, and only when due (never
 * tried, or its backoff or lease ran out); a claimed row gets `attempts + 1` and a lease
 * (next_attempt_at = now + lease). The heads are locked in id order first (FOR NO KEY
 * UPDATE, the update's own lock mode, taken after the sort), so two instances claiming
 * overlapping batches wait for each other instead of deadlocking; a head another
 * instance leased or sent meanwhile fails the re-check and is skipped. At most one row
 * per conversation; conversations with nothing due are simply absent from the answer.
 * Ids that are not UUIDs are ignored.
 *
 * Plans that stay cheap when the statistics are stale (a backlog of queued rows that
 * arrived after the last ANALYZE, when the planner still believes the queued-only
 * partial indexes hold a row or two): the heads are found in one pass over the given
 * conversations, never a lookup per conversation that may turn into a scan of every
 * queued row; the rows are then locked and updated by primary key — `coalesce(status,
 * '')` keeps the partial indexes (predicate status = 'queued') out of those two scans.
 * With 20,000 queued rows unknown to the planner, 64 heads take 5–8 ms (a lateral lookup
 * per conversation took 290–420 ms, one head 27–65 ms). The price: the pass reads every
 * queued row of the batch's conversations, not only their heads (64 conversations with
 * 10 queued each, fresh statistics: 3–4.5 ms against 2–3 ms).
 */
export async function claimConversationHeads(db: Queryable, conversationIds: readonly string[], leaseMs: number): Promise<ClaimedOutbound[]> {
  const ids = conversationIds.filter((id) => isUuid(id));
  if (ids.length === 0) return [];
  const result = await db.execute(sql`
    WITH heads AS (
      SELECT DISTINCT ON (q.conversation_id) q.id, q.next_attempt_at
      FROM ${messages} q
      WHERE q.conversation_id = ANY(${uuids(ids)}) AND q.status = 'queued'
      ORDER BY q.conversation_id, q.seq
    ), locked AS MATERIALIZED (
      SELECT l.id FROM ${messages} l
      WHERE l.id = ANY(ARRAY(SELECT id FROM heads WHERE next_attempt_at IS NULL OR next_attempt_at <= now()))
        AND coalesce(l.status, '') = 'queued' AND (l.next_attempt_at IS NULL OR l.next_attempt_at <= now())
      ORDER BY l.id
      FOR NO KEY UPDATE
    )
    UPDATE ${messages} m
    SET attempts = m.attempts + 1, next_attempt_at = now() + ${`${Math.round(leaseMs)} milliseconds`}::interval
    FROM ${conversations} v, ${contacts} c
    WHERE m.id = ANY(ARRAY(SELECT id FROM locked)) AND coalesce(m.status, '') = 'queued' AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now())
      AND v.id = m.conversation_id AND c.id = v.contact_id
    RETURNING m.*, c.wa_id AS head_wa_id, v.window_expires_at AS head_window_expires_at`);
  return rowsOf<Record<string, unknown>>(result).map((raw) => claimedOutbound(raw));
}

/** A claimed row as a statement answers it: the message's columns plus `head_wa_id` and `head_window_expires_at`. */
export function claimedOutbound(raw: Record<string, unknown>, message: MessageRow = mapRow(messages, raw)): ClaimedOutbound {
  const windowAt = raw.head_window_expires_at;
  return {
    message,
    waId: String(raw.head_wa_id),
    windowExpiresAt: windowAt === null || windowAt === undefined ? null : (conversations.windowExpiresAt.mapFromDriverValue(windowAt as string) as Date),
  };
}

export interface SendSuccess {
  messageId: string;
  channelId: string;
  providerMessageId: string;
}

/**
 * `recordSendSuccess` for several sends in one statement (the dispatcher records a batch
 * in one transaction): provider ids stored, queued → accepted (a status webhook may have
 * moved a row further already; an error is kept only on a failed row), leases cleared,
 * `accepted` added to each history, and statuses that arrived before we knew the ids
 * adopted. Answers the ids of the messages that adopted something (their state must be
 * recomputed). Call under the provider ids' advisory locks.
 *
 * `(message_id IS NULL) IS TRUE` rather than `message_id IS NULL`: the latter let the
 * planner, with statistics older than the status events without a message, scan every
 * such event (20,000 of them: 4.7 ms per batch) instead of looking the provider ids up.
 * The channel and provider ids go as arrays of their own, whose sizes the planner sees:
 * matched only against the recordset (100 rows, it assumes), the status events were read
 * whole (a sequential scan, its cost growing with the table: 0.1 ms per batch by 2,700
 * events in the bench).
 */
export async function recordSendSuccesses(tx: Queryable, sends: readonly SendSuccess[]): Promise<string[]> {
  if (sends.length === 0) return [];
  const json = JSON.stringify(sends.map((s) => ({ message_id: s.messageId, channel_id: s.channelId, provider_message_id: s.providerMessageId })));
  const result = await tx.execute(sql`
    WITH i AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS t(message_id uuid, channel_id uuid, provider_message_id text)
    ), m AS (
      UPDATE ${messages} u
      SET provider_message_id = i.provider_message_id,
          status = CASE WHEN u.status = 'queued' THEN 'accepted' ELSE u.status END,
          error = CASE WHEN u.status = 'failed' THEN u.error ELSE NULL END,
          next_attempt_at = NULL
      FROM i WHERE u.id = i.message_id AND u.id = ANY(${uuids(sends.map((x) => x.messageId))})
      RETURNING u.id
    ), accepted AS (
      INSERT INTO ${messageStatusEvents} (channel_id, message_id, provider_message_id, status, provider_timestamp)
      SELECT channel_id, message_id, provider_message_id, 'accepted', now() FROM i
      ON CONFLICT DO NOTHING
    ), adopted AS (
      UPDATE ${messageStatusEvents} e SET message_id = i.message_id
      FROM i
      WHERE e.channel_id = i.channel_id AND e.provider_message_id = i.provider_message_id
        AND e.channel_id = ANY(${uuids([...new Set(sends.map((x) => x.channelId))])})
        AND e.provider_message_id = ANY(${texts(sends.map((x) => x.providerMessageId))})
        AND (e.message_id IS NULL) IS TRUE
      RETURNING e.message_id
    )
    SELECT DISTINCT message_id FROM adopted`);
  return rowsOf<{ message_id: string }>(result).map((r) => String(r.message_id));
}

export async function scheduleRetry(db: Queryable, messageId: string, delayMs: number, error: MessageError) {
  await db
    .update(messages)
    .set({ nextAttemptAt: sql`now() + ${`${Math.round(delayMs)} milliseconds`}::interval`, error })
    .where(and(eq(messages.id, messageId), eq(messages.status, "queued")));
}

export async function recordSendFailure(db: Queryable, messageId: string, error: MessageError) {
  await db
    .update(messages)
    .set({ status: "failed", error, failedAt: sql`now()`, nextAttemptAt: null })
    .where(and(eq(messages.id, messageId), eq(messages.status, "queued")));
}

/**
 * Conversations whose queue head is overdue (dispatch interrupted by a crash, or a retry
 * whose timer died with its process), claimed with SKIP LOCKED so instances split them.
 */
export async function claimOverdueConversations(db: Queryable, opts: { limit: number; graceMs: number; now?: Date }) {
  const now = opts.now ? sql`${opts.now.toISOString()}::timestamptz` : sql`now()`;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(
        and(
          eq(messages.status, "queued"),
          sql`coalesce(${messages.nextAttemptAt}, ${messages.createdAt} + ${`${opts.graceMs} milliseconds`}::interval) <= ${now}`,
        ),
      )
      .orderBy(asc(messages.seq))
      .limit(opts.limit)
      .for("update", { skipLocked: true });
    return [...new Set(rows.map((r) => r.conversationId))];
  });
}
