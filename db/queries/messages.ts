import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { claimedOutbound, type ClaimedOutbound } from "./outbound";
import { anyOf, mapRow, recordsetInsert, rowsOf, uuids } from "./rows";
import { contacts, conversations, messages } from "@/db/schema";

export type ContactRow = typeof contacts.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;

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

/** A customer message's key in storedInboundKeys' answer. */
export const inboundMessageKey = (channelId: string, providerMessageId: string | null) => `${channelId}\u0000${providerMessageId}`;

/** Which of these customer messages (channel, provider id) are stored already: keys as inboundMessageKey. */
export async function storedInboundKeys(db: Queryable, items: { channelId: string; providerMessageId: string }[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await db
    .select({ channelId: messages.channelId, providerMessageId: messages.providerMessageId })
    .from(messages)
    .where(
      and(
        anyOf(messages.channelId, [...new Set(items.map((i) => i.channelId))]),
        anyOf(messages.providerMessageId, items.map((i) => i.providerMessageId)),
      ),
    );
  return new Set(rows.map((r) => inboundMessageKey(r.channelId, r.providerMessageId)));
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

export async function insertMessages(db: Queryable, rows: NewMessageRow[]): Promise<MessageRow[]> {
  if (rows.length === 0) return [];
  const result = await db.execute(sql`${recordsetInsert(messages, rows, { createdAt: sql`clock_timestamp()` })} RETURNING *`);
  return rowsOf<Record<string, unknown>>(result).map((r) => mapRow(messages, r));
}

/**
 * Outbound rows and their conversations' activity (last message, preview) in one
 * statement: the bot's reply path runs it once per reply, or once per batch of turns.
 *
 * With `claimLeaseMs`, each conversation's first queued row is also claimed as it is
 * inserted — attempts 1, leased until `claimLeaseMs` from now, as claimConversationHeads
 * would — when nothing of that conversation is queued already (a reply in flight or in
 * backoff goes first). `claimed` answers those rows, ready for the dispatcher to send once
 * the transaction commits, without a claim statement of their own. Only for a caller
 * holding the conversations' locks: a row another transaction queued and has not
 * committed yet would not be seen, and two messages of one conversation would be in
 * flight at once.
 */
export async function insertOutboundTouching(
  db: Queryable,
  rows: NewMessageRow[],
  touches: { conversationId: string; preview: string }[],
  claimLeaseMs?: number,
): Promise<{ rows: MessageRow[]; claimed: ClaimedOutbound[] }> {
  const claim = claimLeaseMs !== undefined;
  // The row_number is over the recordset, in insertion order; the NOT EXISTS sees the table
  // as the statement began, so never the rows this statement inserts.
  const first = sql`(i.status = 'queued' AND row_number() OVER (PARTITION BY i.conversation_id, i.status ORDER BY i.ordinality) = 1
    AND NOT EXISTS (SELECT 1 FROM ${messages} q WHERE q.conversation_id = i.conversation_id AND q.status = 'queued'))`;
  const insert = recordsetInsert(messages, rows, {
    createdAt: sql`clock_timestamp()`,
    ...(claim
      ? {
          attempts: sql`CASE WHEN ${first} THEN 1 ELSE 0 END`,
          nextAttemptAt: sql`CASE WHEN ${first} THEN clock_timestamp() + ${`${Math.round(claimLeaseMs)} milliseconds`}::interval END`,
        }
      : {}),
  });
  const json = JSON.stringify(touches.map((t) => ({ id: t.conversationId, preview: t.preview })));
  const result = await db.execute(sql`
    WITH ins AS (${insert} RETURNING *),
    touched AS (
      UPDATE ${conversations} c SET last_message_at = now(), last_message_preview = t.preview, updated_at = now()
      FROM jsonb_to_recordset(${json}::jsonb) AS t(id uuid, preview text)
      WHERE c.id = t.id AND c.id = ANY(${uuids(touches.map((t) => t.conversationId))})
    )
    ${
      claim
        ? // Looked up per claimed row (the planner, expecting 100 rows from the recordset,
          // joined the whole conversation table by hash otherwise).
          sql`SELECT ins.*,
              CASE WHEN ins.next_attempt_at IS NOT NULL THEN (SELECT k.wa_id FROM ${conversations} v JOIN ${contacts} k ON k.id = v.contact_id WHERE v.id = ins.conversation_id) END AS head_wa_id,
              CASE WHEN ins.next_attempt_at IS NOT NULL THEN (SELECT v.window_expires_at FROM ${conversations} v WHERE v.id = ins.conversation_id) END AS head_window_expires_at
            FROM ins ORDER BY ins.seq`
        : sql`SELECT * FROM ins ORDER BY seq`
    }`);
  const raws = rowsOf<Record<string, unknown>>(result);
  const stored = raws.map((r) => mapRow(messages, r));
  return { rows: stored, claimed: claim ? stored.flatMap((m, n) => (m.nextAttemptAt ? [claimedOutbound(raws[n]!, m)] : [])) : [] };
}

export async function findConversationWithContact(db: Queryable, conversationId: string) {
  const [row] = await db
    .select({ conversation: conversations, contact: contacts })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(conversations.id, conversationId));
  return row ?? null;
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
