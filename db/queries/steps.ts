import { and, eq, gte, isNotNull, lte, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { flowSteps } from "@/db/schema";

export interface StepRange {
  flowId: string;
  version: number;
  from: Date;
  to: Date;
}

const inRange = (r: StepRange) =>
  and(eq(flowSteps.flowId, r.flowId), eq(flowSteps.flowVersion, r.version), gte(flowSteps.at, r.from), lte(flowSteps.at, r.to));

/** Visits per block over a time range of one flow version. */
export function blockVisits(db: Queryable, r: StepRange) {
  return db
    .select({ blockId: flowSteps.blockId, visits: sql<number>`count(*)::int` })
    .from(flowSteps)
    .where(inRange(r))
    .groupBy(flowSteps.blockId);
}

/** How often each output of each block was taken. */
export function outputCounts(db: Queryable, r: StepRange) {
  return db
    .select({ blockId: flowSteps.blockId, output: flowSteps.output, count: sql<number>`count(*)::int` })
    .from(flowSteps)
    .where(and(inRange(r), isNotNull(flowSteps.output)))
    .groupBy(flowSteps.blockId, flowSteps.output);
}

/** The last step of every session in the range: where each session stopped. */
export async function lastSteps(db: Queryable, r: StepRange) {
  const rows = await db.execute<{ session_id: string; block_id: string; output: string | null; error: string | null }>(sql`
    SELECT DISTINCT ON (${flowSteps.sessionId}) ${flowSteps.sessionId} AS session_id, ${flowSteps.blockId} AS block_id,
           ${flowSteps.output} AS output, ${flowSteps.error} AS error
    FROM ${flowSteps}
    WHERE ${inRange(r)}
    ORDER BY ${flowSteps.sessionId}, ${flowSteps.at} DESC, ${flowSteps.id} DESC`);
  return (Array.isArray(rows) ? rows : (rows as unknown as { rows: typeof rows }).rows) as unknown as {
    session_id: string;
    block_id: string;
    output: string | null;
    error: string | null;
  }[];
}

/** A conversation's path through its flows, oldest first (the inbox side panel). */
export function conversationSteps(db: Queryable, conversationId: string, limit = 500) {
  return db
    .select()
    .from(flowSteps)
    .where(eq(flowSteps.conversationId, conversationId))
    .orderBy(flowSteps.at, flowSteps.id)
    .limit(limit);
}
