import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { anyOf, recordsetInsert, rowsOf, uuids } from "./rows";
import { messages, messageStatusEvents, type MessageError } from "@/db/schema";
import type { MessageRow } from "./messages";

/**
 * Status webhooks' queries: finding the outbound message a status is about, its history
 * rows (one per channel, provider id and status), and its reduced state (status.ts's
 * reducer) written back — one by one and for a batch.
 */

export type StatusEventRow = typeof messageStatusEvents.$inferSelect;

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

/**
 * `findMessageForStatus` for a batch of statuses in one statement: every outbound message
 * of these channels named by a provider id or by one of our ids (callback data), locked.
 * The caller picks each status's message from them with the same rule.
 */
export async function findMessagesForStatuses(
  tx: Queryable,
  input: { channelIds: string[]; providerMessageIds: string[]; callbackIds: string[] },
): Promise<MessageRow[]> {
  const byProvider = anyOf(messages.providerMessageId, input.providerMessageIds);
  return tx
    .select()
    .from(messages)
    .where(
      and(
        anyOf(messages.channelId, input.channelIds),
        eq(messages.direction, "out"),
        input.callbackIds.length > 0 ? or(byProvider, anyOf(messages.id, input.callbackIds)) : byProvider,
      ),
    )
    .orderBy(asc(messages.id))
    .for("update");
}

/** Several history rows in one statement; answers the (channel, provider id, status) keys that were new. */
export async function insertStatusEvents(tx: Queryable, rows: (typeof messageStatusEvents.$inferInsert)[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const result = await tx.execute(sql`${recordsetInsert(messageStatusEvents, rows)} ON CONFLICT DO NOTHING RETURNING channel_id, provider_message_id, status`);
  return new Set(rowsOf<{ channel_id: string; provider_message_id: string; status: string }>(result).map((r) => statusEventKey(r.channel_id, r.provider_message_id, r.status)));
}

export const statusEventKey = (channelId: string, providerMessageId: string, status: string) => `${channelId}\u0000${providerMessageId}\u0000${status}`;

export interface ReducedStatusRow {
  id: string;
  status: MessageRow["status"];
  error: MessageError | null;
  sentAt?: Date;
  deliveredAt?: Date;
  readAt?: Date;
  failedAt?: Date;
  /** Set when a status matched by our id told us the provider's id (see applyReducedStatus). */
  providerMessageId?: string;
}

/** `applyReducedStatus` for several messages in one statement. */
export async function applyReducedStatuses(tx: Queryable, rows: readonly ReducedStatusRow[]): Promise<void> {
  if (rows.length === 0) return;
  const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      status: r.status,
      error: r.error,
      sent_at: iso(r.sentAt),
      delivered_at: iso(r.deliveredAt),
      read_at: iso(r.readAt),
      failed_at: iso(r.failedAt),
      provider_message_id: r.providerMessageId ?? null,
    })),
  );
  await tx.execute(sql`
    UPDATE ${messages} m
    SET status = i.status, error = i.error, sent_at = i.sent_at, delivered_at = i.delivered_at, read_at = i.read_at, failed_at = i.failed_at,
        provider_message_id = coalesce(i.provider_message_id, m.provider_message_id),
        next_attempt_at = CASE WHEN i.provider_message_id IS NULL THEN m.next_attempt_at ELSE NULL END
    FROM jsonb_to_recordset(${json}::jsonb) AS i(id uuid, status text, error jsonb, sent_at timestamptz, delivered_at timestamptz, read_at timestamptz, failed_at timestamptz, provider_message_id text)
    WHERE m.id = i.id AND m.id = ANY(${uuids(rows.map((r) => r.id))})`);
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
  state: Omit<ReducedStatusRow, "id" | "providerMessageId">,
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
