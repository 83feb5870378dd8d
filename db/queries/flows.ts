import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { botSessions, flows, flowVersions } from "@/db/schema";

export type FlowRow = typeof flows.$inferSelect;

export async function insertFlow(db: Queryable, row: typeof flows.$inferInsert) {
  const [created] = await db.insert(flows).values(row).returning();
  return created!;
}

/** Flows with how many bot sessions started on them in the last 24 hours. */
export function listFlowSummaries(db: Queryable, since = new Date(Date.now() - 24 * 3600_000)) {
  const recent = db
    .select({ flowId: botSessions.flowId, n: sql<number>`count(*)::int`.as("n") })
    .from(botSessions)
    .where(gte(botSessions.startedAt, since))
    .groupBy(botSessions.flowId)
    .as("recent");
  return db
    .select({
      id: flows.id,
      name: flows.name,
      description: flows.description,
      channelIds: flows.channelIds,
      priority: flows.priority,
      isFallback: flows.isFallback,
      publishedVersion: flows.publishedVersion,
      draftRevision: flows.draftRevision,
      updatedAt: flows.updatedAt,
      updatedBy: flows.updatedBy,
      createdAt: flows.createdAt,
      sessions24h: sql<number>`coalesce(${recent.n}, 0)`,
    })
    .from(flows)
    .leftJoin(recent, eq(recent.flowId, flows.id))
    .orderBy(asc(flows.priority), desc(flows.updatedAt));
}

export async function findFlow(db: Queryable, id: string) {
  const [row] = await db.select().from(flows).where(eq(flows.id, id));
  return row ?? null;
}

export async function lockFlow(db: Queryable, id: string) {
  const [row] = await db.select().from(flows).where(eq(flows.id, id)).for("update");
  return row ?? null;
}

/**
 * Saves the draft only if nobody saved since `expectedRevision` (optimistic concurrency),
 * so two tabs editing the same flow never overwrite each other silently.
 */
export async function updateFlow(
  db: Queryable,
  id: string,
  patch: Partial<Pick<FlowRow, "name" | "description" | "draft" | "channelIds" | "priority" | "isFallback" | "publishedVersion">> & { updatedBy: string | null },
  expectedRevision?: number,
) {
  const bump = patch.draft !== undefined;
  const [row] = await db
    .update(flows)
    .set({ ...patch, updatedAt: new Date(), ...(bump ? { draftRevision: sql`${flows.draftRevision} + 1` } : {}) })
    .where(expectedRevision === undefined ? eq(flows.id, id) : and(eq(flows.id, id), eq(flows.draftRevision, expectedRevision)))
    .returning();
  return row ?? null;
}

export async function deleteFlow(db: Queryable, id: string) {
  const [row] = await db.delete(flows).where(eq(flows.id, id)).returning({ id: flows.id });
  return row ?? null;
}

export async function insertVersion(db: Queryable, row: typeof flowVersions.$inferInsert) {
  const [created] = await db.insert(flowVersions).values(row).returning();
  return created!;
}

export function listVersions(db: Queryable, flowId: string) {
  return db
    .select({
      version: flowVersions.version,
      note: flowVersions.note,
      publishedBy: flowVersions.publishedBy,
      publishedAt: flowVersions.publishedAt,
    })
    .from(flowVersions)
    .where(eq(flowVersions.flowId, flowId))
    .orderBy(desc(flowVersions.version));
}

export async function findVersion(db: Queryable, flowId: string, version: number) {
  const [row] = await db
    .select()
    .from(flowVersions)
    .where(and(eq(flowVersions.flowId, flowId), eq(flowVersions.version, version)));
  return row ?? null;
}

/** Live sessions per version of a flow (to say how many are still on older versions). */
export function activeSessionsByVersion(db: Queryable, flowId: string) {
  return db
    .select({ version: botSessions.flowVersion, n: sql<number>`count(*)::int` })
    .from(botSessions)
    .where(and(eq(botSessions.flowId, flowId), eq(botSessions.status, "active")))
    .groupBy(botSessions.flowVersion);
}
