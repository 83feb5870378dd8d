import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { channels, messageStatusEvents, webhookEvents } from "@/db/schema";

export type ChannelRow = typeof channels.$inferSelect;
export type NewChannelRow = typeof channels.$inferInsert;

export function listChannelRows(db: Queryable) {
  return db.select().from(channels).orderBy(channels.createdAt, channels.id);
}

export async function findChannelRow(db: Queryable, id: string): Promise<ChannelRow | null> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row ?? null;
}

export async function findSandboxChannelRow(db: Queryable): Promise<ChannelRow | null> {
  const [row] = await db.select().from(channels).where(eq(channels.provider, "sandbox")).orderBy(channels.createdAt).limit(1);
  return row ?? null;
}

export async function insertChannelRow(db: Queryable, row: NewChannelRow): Promise<ChannelRow> {
  const [created] = await db.insert(channels).values(row).returning();
  return created!;
}

export async function updateChannelRow(db: Queryable, id: string, patch: Partial<NewChannelRow>): Promise<ChannelRow | null> {
  const [row] = await db
    .update(channels)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(channels.id, id))
    .returning();
  return row ?? null;
}

/**
 * Deletes a channel and everything stored under it. Contacts cascade, and with them
 * conversations, messages, sessions and the status events of known messages. Webhook
 * events and status events carry the channel without a foreign key (migration 0007: the
 * checks locked the channel's row on every webhook and send), so they are handled here,
 * in the same transaction: the events keep their history with the channel cleared (as
 * `ON DELETE SET NULL` did), statuses that never matched a message are deleted.
 */
export async function deleteChannelRow(db: Queryable, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(channels).where(eq(channels.id, id)).returning({ id: channels.id });
    if (rows.length === 0) return false;
    await tx.update(webhookEvents).set({ channelId: null }).where(eq(webhookEvents.channelId, id));
    await tx.delete(messageStatusEvents).where(eq(messageStatusEvents.channelId, id));
    return true;
  });
}

/** Another channel of these providers already routed by this phone-number id or number. */
export async function findRoutingClash(
  db: Queryable,
  input: { providers: string[]; phoneNumberId: string | null; businessNumber: string | null; exceptId?: string },
): Promise<ChannelRow | null> {
  const keys = [
    input.phoneNumberId ? eq(channels.phoneNumberId, input.phoneNumberId) : undefined,
    input.businessNumber ? eq(channels.businessNumber, input.businessNumber) : undefined,
  ].filter((k) => k !== undefined);
  if (keys.length === 0) return null;
  const [row] = await db
    .select()
    .from(channels)
    .where(
      and(
        inArray(channels.provider, input.providers as ChannelRow["provider"][]),
        or(...keys),
        input.exceptId ? ne(channels.id, input.exceptId) : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function recordChannelError(db: Queryable, id: string, message: string) {
  await db.update(channels).set({ lastError: message.slice(0, 500), lastErrorAt: sql`now()` }).where(eq(channels.id, id));
}

export interface ChannelEventStats {
  channelId: string;
  lastEventAt: Date | null;
  recentEvents: number;
}

/**
 * Last event received and events in the last five minutes, per channel. Correlated
 * subqueries so each is an index range scan on (channel_id, received_at), however big
 * the event table grows.
 */
export async function channelEventStats(db: Queryable, ids: string[]): Promise<Map<string, ChannelEventStats>> {
  const out = new Map<string, ChannelEventStats>();
  if (ids.length === 0) return out;
  const since = new Date(Date.now() - 5 * 60_000);
  const rows = await db
    .select({
      channelId: channels.id,
      lastEventAt: sql<string | Date | null>`(SELECT max(e.received_at) FROM ${webhookEvents} e WHERE e.channel_id = "channel"."id")`,
      recentEvents: sql<string | number>`(SELECT count(*) FROM ${webhookEvents} e WHERE e.channel_id = "channel"."id" AND e.received_at > ${since.toISOString()}::timestamptz)`,
    })
    .from(channels)
    .where(inArray(channels.id, ids));
  for (const r of rows) {
    out.set(r.channelId, { channelId: r.channelId, lastEventAt: r.lastEventAt ? new Date(r.lastEventAt) : null, recentEvents: Number(r.recentEvents) });
  }
  return out;
}
