import { and, asc, eq, getTableColumns, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "./rows";
import { contacts, conversations, messages, messageStatusEvents, type MessageError } from "@/db/schema";

export type ContactRow = typeof contacts.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
export type StatusEventRow = typeof messageStatusEvents.$inferSelect;

/** Insert or refresh the contact; `inserted` tells a first contact ever. */
export async function upsertContact(db: Queryable, input: { channelId: string; waId: string; name?: string | null }) {
  const [row] = await db
    .insert(contacts)
    .values({ channelId: input.channelId, waId: input.waId, name: input.name ?? null })
    .onConflictDoUpdate({
      target: [contacts.channelId, contacts.waId],
      set: { name: sql`coalesce(excluded.name, ${contacts.name})`, lastSeenAt: sql`now()` },
    })
    .returning({ ...getTableColumns(contacts), inserted: sql<boolean>`(xmax = 0)` });
  return row!;
}

/** The conversation as an inbound message updates it: activity, unread, window; a closed one reopens with the bot. */
export async function upsertConversationForInbound(
  db: Queryable,
  input: { channelId: string; contactId: string; preview: string; windowExpiresAt: Date | null },
) {
  const windowAt = input.windowExpiresAt ? sql`${input.windowExpiresAt.toISOString()}::timestamptz` : sql`NULL::timestamptz`;
  const [row] = await db
    .insert(conversations)
    .values({
      channelId: input.channelId,
      contactId: input.contactId,
      lastMessageAt: sql`now()`,
      lastInboundAt: sql`now()`,
      lastMessagePreview: input.preview,
      windowExpiresAt: windowAt,
      unreadCount: 1,
    })
    .onConflictDoUpdate({
      target: [conversations.channelId, conversations.contactId],
      set: {
        lastMessageAt: sql`now()`,
        lastInboundAt: sql`now()`,
        lastMessagePreview: input.preview,
        windowExpiresAt: sql`greatest(${conversations.windowExpiresAt}, excluded.window_expires_at)`,
        unreadCount: sql`${conversations.unreadCount} + 1`,
        mode: sql`CASE WHEN ${conversations.mode} = 'closed' THEN 'bot' ELSE ${conversations.mode} END`,
        needsHuman: sql`CASE WHEN ${conversations.mode} = 'closed' THEN false ELSE ${conversations.needsHuman} END`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
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

export async function touchConversationOutbound(db: Queryable, conversationId: string, preview: string) {
  await db
    .update(conversations)
    .set({ lastMessageAt: sql`now()`, lastMessagePreview: preview, updatedAt: sql`now()` })
    .where(eq(conversations.id, conversationId));
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
) {
  await tx
    .update(messages)
    .set({
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
    .returning({ ...getTableColumns(messages), headWaId: contacts.waId, headWindowExpiresAt: conversations.windowExpiresAt });
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
