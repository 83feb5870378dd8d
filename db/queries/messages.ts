import { and, asc, eq, getTableColumns, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { mapRow, rowsOf, uuids } from "./rows";
import { contacts, conversations, messages, messageStatusEvents, type MessageError } from "@/db/schema";
import { isUuid } from "@/lib/uuid";

export type ContactRow = typeof contacts.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
export type StatusEventRow = typeof messageStatusEvents.$inferSelect;

export interface InboundUpsert {
  channelId: string;
  waId: string;
  name?: string | null;
  preview: string;
  windowExpiresAt: Date | null;
}

/**
 * The contact inserted or refreshed (`inserted`: a first contact ever) and its
 * conversation as an inbound message updates it — activity, unread, window; a closed one
 * reopens with the bot — in one statement: the inbound path runs it for every message.
 */
export async function upsertContactAndConversation(db: Queryable, input: InboundUpsert): Promise<{ contact: ContactRow & { inserted: boolean }; conversation: ConversationRow }> {
  const [row] = await upsertContactsAndConversations(db, [input]);
  return row!;
}

/**
 * The same for several contacts at once (a batch of messages, at most one per
 * conversation: a row cannot be upserted twice in one statement). Answers in input order.
 */
export async function upsertContactsAndConversations(
  db: Queryable,
  inputs: InboundUpsert[],
): Promise<{ contact: ContactRow & { inserted: boolean }; conversation: ConversationRow }[]> {
  if (inputs.length === 0) return [];
  const json = JSON.stringify(
    inputs.map((i) => ({ channel_id: i.channelId, wa_id: i.waId, name: i.name ?? null, preview: i.preview, window_at: i.windowExpiresAt?.toISOString() ?? null })),
  );
  const result = await db.execute(sql`
    WITH i AS (
      SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS t(channel_id uuid, wa_id text, name text, preview text, window_at timestamptz)
    ), c AS (
      INSERT INTO ${contacts} (channel_id, wa_id, name) SELECT channel_id, wa_id, name FROM i
      ON CONFLICT (channel_id, wa_id) DO UPDATE SET name = coalesce(excluded.name, ${contacts}.name), last_seen_at = now()
      RETURNING *, (xmax = 0) AS inserted
    ), v AS (
      INSERT INTO ${conversations} (channel_id, contact_id, last_message_at, last_inbound_at, last_message_preview, window_expires_at, unread_count)
      SELECT i.channel_id, c.id, now(), now(), i.preview, i.window_at, 1 FROM i JOIN c ON c.channel_id = i.channel_id AND c.wa_id = i.wa_id
      ON CONFLICT (channel_id, contact_id) DO UPDATE SET
        last_message_at = now(),
        last_inbound_at = now(),
        last_message_preview = excluded.last_message_preview,
        window_expires_at = greatest(${conversations}.window_expires_at, excluded.window_expires_at),
        unread_count = ${conversations}.unread_count + 1,
        mode = CASE WHEN ${conversations}.mode = 'closed' THEN 'bot' ELSE ${conversations}.mode END,
        needs_human = CASE WHEN ${conversations}.mode = 'closed' THEN false ELSE ${conversations}.needs_human END,
        updated_at = now()
      RETURNING *
    )
    SELECT row_to_json(c) AS contact, row_to_json(v) AS conversation FROM c JOIN v ON v.contact_id = c.id`);
  const json1 = (v: Record<string, unknown> | string) => (typeof v === "string" ? (JSON.parse(v) as Record<string, unknown>) : v);
  const byKey = new Map<string, { contact: ContactRow & { inserted: boolean }; conversation: ConversationRow }>();
  for (const row of rowsOf<{ contact: Record<string, unknown> | string; conversation: Record<string, unknown> | string }>(result)) {
    const contact = json1(row.contact);
    const mapped = { contact: { ...mapRow(contacts, contact), inserted: contact.inserted === true }, conversation: mapRow(conversations, json1(row.conversation)) };
    byKey.set(`${mapped.contact.channelId}\u0000${mapped.contact.waId}`, mapped);
  }
  return inputs.map((i) => {
    const found = byKey.get(`${i.channelId}\u0000${i.waId}`);
    if (!found) throw new Error(`contact ${i.waId} was not upserted`);
    return found;
  });
}

/** For sends to someone who never wrote (channel test message): the conversation without touching its window. */
export async function ensureConversation(db: Queryable, input: { channelId: string; contactId: string }) {
  await db
    .insert(conversations)
    .values({ channelId: input.channelId, contactId: input.contactId, lastMessageAt: sql`now()` })
    .onConflictDoNothing({ target: [conversations.channelId, conversations.contactId] });
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.channelId, input.channelId), eq(conversations.contactId, input.contactId)));
  return row!;
}

/** Whether a customer message with this provider id is stored already (a redelivery under another key). */
export async function inboundMessageExists(db: Queryable, channelId: string, providerMessageId: string): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.providerMessageId, providerMessageId)))
    .limit(1);
  return rows.length > 0;
}

/** Which of these customer messages (channel, provider id) are stored already: keys `channelId\u0000providerMessageId`. */
export async function storedInboundKeys(db: Queryable, items: { channelId: string; providerMessageId: string }[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await db
    .select({ channelId: messages.channelId, providerMessageId: messages.providerMessageId })
    .from(messages)
    .where(
      and(
        inArray(messages.channelId, [...new Set(items.map((i) => i.channelId))]),
        inArray(messages.providerMessageId, items.map((i) => i.providerMessageId)),
      ),
    );
  return new Set(rows.map((r) => `${r.channelId}\u0000${r.providerMessageId}`));
}

/** Returns null when the provider message id is already stored (a redelivery under another key). */
export async function insertMessageOnce(db: Queryable, row: NewMessageRow): Promise<MessageRow | null> {
  const [created] = await db
    .insert(messages)
    .values({ ...row, createdAt: sql`clock_timestamp()` })
    .onConflictDoNothing()
    .returning();
  return created ?? null;
}

export function insertMessages(db: Queryable, rows: NewMessageRow[]) {
  return db
    .insert(messages)
    .values(rows.map((r) => ({ ...r, createdAt: sql`clock_timestamp()` })))
    .returning();
}

/**
 * Outbound rows and their conversations' activity (last message, preview) in one
 * statement: the bot's reply path runs it once per reply, or once per batch of turns.
 */
export async function insertOutboundTouching(db: Queryable, rows: NewMessageRow[], touches: { conversationId: string; preview: string }[]): Promise<MessageRow[]> {
  const insert = db
    .insert(messages)
    .values(rows.map((r) => ({ ...r, createdAt: sql`clock_timestamp()` })))
    .returning();
  const json = JSON.stringify(touches.map((t) => ({ id: t.conversationId, preview: t.preview })));
  const result = await db.execute(sql`
    WITH ins AS (${insert.getSQL()}),
    touched AS (
      UPDATE ${conversations} c SET last_message_at = now(), last_message_preview = t.preview, updated_at = now()
      FROM jsonb_to_recordset(${json}::jsonb) AS t(id uuid, preview text)
      WHERE c.id = t.id AND c.id = ANY(${uuids(touches.map((t) => t.conversationId))})
    )
    SELECT * FROM ins ORDER BY seq`);
  return rowsOf<Record<string, unknown>>(result).map((r) => mapRow(messages, r));
}

export async function findConversationWithContact(db: Queryable, conversationId: string) {
  const [row] = await db
    .select({ conversation: conversations, contact: contacts })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, conversationId));
  return row ?? null;
}

// ---- statuses ------------------------------------------------------------------------

/**
 * The outbound message a status is about, locked for the reducer: by the id we sent as
 * callback data, else by the provider's message id.
 */
export async function findMessageForStatus(
  tx: Queryable,
  input: { channelId: string; providerMessageIds: string[]; callbackId?: string },
): Promise<MessageRow | null> {
  const byProvider = inArray(messages.providerMessageId, input.providerMessageIds);
  const [row] = await tx
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.channelId, input.channelId),
        eq(messages.direction, "out"),
        input.callbackId ? or(byProvider, eq(messages.id, input.callbackId)) : byProvider,
      ),
    )
    .orderBy(sql`(${messages.providerMessageId} IS NOT NULL) DESC`)
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function insertStatusEvent(tx: Queryable, row: typeof messageStatusEvents.$inferInsert): Promise<boolean> {
  const rows = await tx.insert(messageStatusEvents).values(row).onConflictDoNothing().returning({ id: messageStatusEvents.id });
  return rows.length > 0;
}

export function statusEventsOfMessage(tx: Queryable, messageId: string) {
  return tx
    .select({
      status: messageStatusEvents.status,
      providerTimestamp: messageStatusEvents.providerTimestamp,
      receivedAt: messageStatusEvents.receivedAt,
      error: messageStatusEvents.error,
    })
    .from(messageStatusEvents)
    .where(eq(messageStatusEvents.messageId, messageId));
}

export function statusEventsOfMessages(db: Queryable, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(messageStatusEvents)
    .where(inArray(messageStatusEvents.messageId, messageIds))
    .orderBy(asc(messageStatusEvents.providerTimestamp), asc(messageStatusEvents.id));
}

export async function applyReducedStatus(
  tx: Queryable,
  messageId: string,
  state: { status: MessageRow["status"]; error: MessageError | null; sentAt?: Date; deliveredAt?: Date; readAt?: Date; failedAt?: Date },
  /** The provider's id, learnt from a status matched by our callback id (the send's answer was lost). */
  providerMessageId?: string,
) {
  await tx
    .update(messages)
    .set({
      ...(providerMessageId === undefined ? {} : { providerMessageId, nextAttemptAt: null }),
      status: state.status,
      error: state.error,
      sentAt: state.sentAt ?? null,
      deliveredAt: state.deliveredAt ?? null,
      readAt: state.readAt ?? null,
      failedAt: state.failedAt ?? null,
    })
    .where(eq(messages.id, messageId));
}

// ---- outbound dispatch -----------------------------------------------------------------

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
  return rowsOf<Record<string, unknown>>(result).map((raw) => {
    const windowAt = raw.head_window_expires_at;
    return {
      message: mapRow(messages, raw),
      waId: String(raw.head_wa_id),
      windowExpiresAt: windowAt === null || windowAt === undefined ? null : (conversations.windowExpiresAt.mapFromDriverValue(windowAt as string) as Date),
    };
  });
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
        AND e.provider_message_id = ANY(ARRAY(SELECT provider_message_id FROM i))
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

/** The contact for an outbound-first send (test message), without touching when we last heard from them. */
export async function ensureContact(db: Queryable, input: { channelId: string; waId: string }): Promise<ContactRow> {
  await db.insert(contacts).values({ channelId: input.channelId, waId: input.waId }).onConflictDoNothing({ target: [contacts.channelId, contacts.waId] });
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.channelId, input.channelId), eq(contacts.waId, input.waId)));
  return row!;
}

export async function findMessage(db: Queryable, id: string): Promise<MessageRow | null> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  return row ?? null;
}
