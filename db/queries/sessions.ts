import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { botSessions, contacts, flowSteps, flows, scheduledJobs } from "@/db/schema";

export type SessionRow = typeof botSessions.$inferSelect;
export type JobRow = typeof scheduledJobs.$inferSelect;

/** The conversation's active bot session, locked for this transaction. */
export async function activeSession(db: Queryable, conversationId: string) {
  const [row] = await db
    .select()
    .from(botSessions)
    .where(and(eq(botSessions.conversationId, conversationId), eq(botSessions.status, "active")))
    .for("update");
  return row ?? null;
}

export async function findSession(db: Queryable, id: string) {
  const [row] = await db.select().from(botSessions).where(eq(botSessions.id, id));
  return row ?? null;
}

export async function insertSession(db: Queryable, row: typeof botSessions.$inferInsert) {
  const [created] = await db.insert(botSessions).values(row).returning();
  return created!;
}

export async function updateSession(db: Queryable, id: string, patch: Partial<typeof botSessions.$inferInsert>) {
  await db.update(botSessions).set({ ...patch, updatedAt: new Date() }).where(eq(botSessions.id, id));
}

export async function insertSteps(db: Queryable, rows: (typeof flowSteps.$inferInsert)[]) {
  if (rows.length) await db.insert(flowSteps).values(rows);
}

/** Published flows serving a channel, in trigger order (priority, then most recent). */
export function publishedFlowsForChannel(db: Queryable, channelId: string) {
  return db
    .select({ id: flows.id, publishedVersion: flows.publishedVersion, isFallback: flows.isFallback, priority: flows.priority })
    .from(flows)
    .where(and(sql`${flows.publishedVersion} IS NOT NULL`, sql`${flows.channelIds} @> ${JSON.stringify([channelId])}::jsonb`))
    .orderBy(flows.priority, sql`${flows.updatedAt} DESC`);
}

export async function publishedVersionOf(db: Queryable, flowId: string) {
  const [row] = await db.select({ publishedVersion: flows.publishedVersion, name: flows.name }).from(flows).where(eq(flows.id, flowId));
  return row ?? null;
}

export async function setContactAttributes(db: Queryable, contactId: string, attributes: Record<string, unknown>) {
  await db
    .update(contacts)
    .set({ attributes: sql`${contacts.attributes} || ${JSON.stringify(attributes)}::jsonb` })
    .where(eq(contacts.id, contactId));
}

export async function setContactOptOut(db: Queryable, contactId: string, optedOut: boolean) {
  await db.update(contacts).set({ optedOut, optedOutAt: optedOut ? new Date() : null }).where(eq(contacts.id, contactId));
}

export async function setContactName(db: Queryable, contactId: string, name: string) {
  await db.update(contacts).set({ name }).where(eq(contacts.id, contactId));
}

export async function insertJobs(db: Queryable, rows: (typeof scheduledJobs.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(scheduledJobs).values(rows).returning();
}

/** Pending flow timers of a conversation are dropped when the flow moves to another wait. */
export async function cancelConversationTimers(db: Queryable, conversationId: string) {
  await db
    .update(scheduledJobs)
    .set({ doneAt: new Date() })
    .where(and(eq(scheduledJobs.conversationId, conversationId), eq(scheduledJobs.kind, "flow_timer"), isNull(scheduledJobs.doneAt)));
}

/**
 * Claims due jobs with a lease (FOR UPDATE SKIP LOCKED, so instances never take the same
 * one); a job whose runner crashed becomes claimable again when its lease ends.
 */
export async function claimDueJobs(db: Queryable, limit: number, leaseMs: number, now = new Date()) {
  const due = db
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(and(isNull(scheduledJobs.doneAt), lte(scheduledJobs.dueAt, now), or(isNull(scheduledJobs.lockedUntil), lte(scheduledJobs.lockedUntil, now))))
    .orderBy(scheduledJobs.dueAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(scheduledJobs)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${scheduledJobs.attempts} + 1` })
    .where(inArray(scheduledJobs.id, due))
    .returning();
}

/** Marks a job done only once: the exactly-once gate for its effect. */
export async function completeJob(db: Queryable, id: string) {
  const [row] = await db
    .update(scheduledJobs)
    .set({ doneAt: new Date() })
    .where(and(eq(scheduledJobs.id, id), isNull(scheduledJobs.doneAt)))
    .returning({ id: scheduledJobs.id });
  return Boolean(row);
}

export async function releaseJob(db: Queryable, id: string, retryAt: Date) {
  await db.update(scheduledJobs).set({ lockedUntil: null, dueAt: retryAt }).where(eq(scheduledJobs.id, id));
}
