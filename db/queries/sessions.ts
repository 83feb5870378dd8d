import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { botSessions, contacts, flowSteps, flows, scheduledJobs } from "@/db/schema";
import { anyOf, mapRow, recordsetInsert, rowsOf, uuids } from "./rows";

export type SessionRow = typeof botSessions.$inferSelect;
export type JobRow = typeof scheduledJobs.$inferSelect;
export type NewSession = typeof botSessions.$inferInsert;
export type SessionPatch = Partial<NewSession>;
export type NewJob = typeof scheduledJobs.$inferInsert;
export type NewStep = typeof flowSteps.$inferInsert;

/** The conversation's active bot session, locked for this transaction. */
export async function activeSession(db: Queryable, conversationId: string) {
  const [row] = await db
    .select()
    .from(botSessions)
    .where(and(eq(botSessions.conversationId, conversationId), eq(botSessions.status, "active")))
    .for("update");
  return row ?? null;
}

/** The active sessions of several conversations, locked for this transaction (a batch of turns). */
export async function activeSessions(db: Queryable, conversationIds: string[]): Promise<Map<string, SessionRow>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(botSessions)
    .where(and(anyOf(botSessions.conversationId, conversationIds), eq(botSessions.status, "active")))
    .for("update");
  return new Map(rows.map((r) => [r.conversationId, r]));
}

export async function findSession(db: Queryable, id: string) {
  const [row] = await db.select().from(botSessions).where(eq(botSessions.id, id));
  return row ?? null;
}

export async function insertSession(db: Queryable, row: NewSession | NewSession[]) {
  const rows = Array.isArray(row) ? row : [row];
  if (rows.length) await db.execute(recordsetInsert(botSessions, rows));
}

export async function updateSession(db: Queryable, id: string, patch: SessionPatch) {
  await db.update(botSessions).set({ ...patch, updatedAt: new Date() }).where(eq(botSessions.id, id));
}

/**
 * Several sessions' changes in one statement (a batch of turns). A field left out of a
 * patch keeps its value; the turns only ever set state, or status + end reason + end time.
 */
export async function updateSessions(db: Queryable, patches: ({ id: string } & SessionPatch)[]) {
  if (patches.length === 0) return;
  const json = JSON.stringify(
    patches.map((p) => ({
      id: p.id,
      state: p.state ?? null,
      status: p.status ?? null,
      end_reason: p.endReason ?? null,
      ended_at: p.endedAt instanceof Date ? p.endedAt.toISOString() : null,
    })),
  );
  await db.execute(sql`
    UPDATE ${botSessions} s SET
      state = coalesce(v.state, s.state),
      status = coalesce(v.status, s.status),
      end_reason = coalesce(v.end_reason, s.end_reason),
      ended_at = coalesce(v.ended_at, s.ended_at),
      updated_at = now()
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id uuid, state jsonb, status text, end_reason text, ended_at timestamptz)
    WHERE s.id = v.id AND s.id = ANY(${uuids(patches.map((p) => p.id))})`);
}

export async function insertSteps(db: Queryable, rows: NewStep[]) {
  if (rows.length) await db.execute(recordsetInsert(flowSteps, rows));
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

/** Several contacts' attribute merges and renames in one statement (a batch of turns). */
export async function updateContacts(db: Queryable, changes: { id: string; attributes: Record<string, unknown>; name: string | null }[]) {
  if (changes.length === 0) return;
  const json = JSON.stringify(changes);
  await db.execute(sql`
    UPDATE ${contacts} c SET attributes = c.attributes || v.attributes, name = coalesce(v.name, c.name)
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id uuid, attributes jsonb, name text)
    WHERE c.id = v.id AND c.id = ANY(${uuids(changes.map((x) => x.id))})`);
}

export async function setContactOptOut(db: Queryable, contactId: string, optedOut: boolean) {
  await db.update(contacts).set({ optedOut, optedOutAt: optedOut ? new Date() : null }).where(eq(contacts.id, contactId));
}

export async function setContactName(db: Queryable, contactId: string, name: string) {
  await db.update(contacts).set({ name }).where(eq(contacts.id, contactId));
}

export async function insertJobs(db: Queryable, rows: NewJob[]) {
  if (!rows.length) return [];
  const result = await db.execute(sql`${recordsetInsert(scheduledJobs, rows)} RETURNING *`);
  return rowsOf<Record<string, unknown>>(result).map((r) => mapRow(scheduledJobs, r));
}

/** Pending flow timers of a conversation are dropped when the flow moves to another wait. */
export async function cancelConversationTimers(db: Queryable, conversationId: string) {
  await db
    .update(scheduledJobs)
    .set({ doneAt: new Date() })
    .where(and(eq(scheduledJobs.conversationId, conversationId), eq(scheduledJobs.kind, "flow_timer"), isNull(scheduledJobs.doneAt)));
}

/** The same, for every conversation of a batch of turns at once. */
export async function cancelTimersOfConversations(db: Queryable, conversationIds: string[]) {
  if (conversationIds.length === 0) return;
  await db
    .update(scheduledJobs)
    .set({ doneAt: new Date() })
    .where(and(anyOf(scheduledJobs.conversationId, conversationIds), eq(scheduledJobs.kind, "flow_timer"), isNull(scheduledJobs.doneAt)));
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
