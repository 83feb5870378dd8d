import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { SANDBOX_PHONE_STATUSES, sandboxMessages } from "@/db/schema";

export type SandboxMessageRow = typeof sandboxMessages.$inferSelect;
export type SandboxPhoneStatus = (typeof SANDBOX_PHONE_STATUSES)[number];

export async function insertSandboxMessage(db: Queryable, row: typeof sandboxMessages.$inferInsert): Promise<SandboxMessageRow> {
  const [created] = await db.insert(sandboxMessages).values(row).returning();
  return created!;
}

export function listSandboxMessages(db: Queryable, channelId: string, waId: string, limit = 500) {
  return db
    .select()
    .from(sandboxMessages)
    .where(and(eq(sandboxMessages.channelId, channelId), eq(sandboxMessages.waId, waId)))
    .orderBy(asc(sandboxMessages.createdAt), asc(sandboxMessages.id))
    .limit(limit);
}

const PROGRESS = sql.raw(`ARRAY['accepted','sent','delivered','read']::text[]`);

/**
 * What the phone reports only moves forward (accepted < sent < delivered < read);
 * `failed` replaces only accepted/sent.
 */
export async function advanceSandboxStatus(db: Queryable, id: string, status: SandboxPhoneStatus, error?: { code: string; title: string }) {
  const condition =
    status === "failed"
      ? inArray(sandboxMessages.status, ["accepted", "sent"])
      : sql`coalesce(array_position(${PROGRESS}, ${sandboxMessages.status}), 99) < array_position(${PROGRESS}, ${status}::text)`;
  await db
    .update(sandboxMessages)
    .set({ status, error: error ?? null, updatedAt: sql`now()` })
    .where(and(eq(sandboxMessages.id, id), condition));
}

/** The bot's messages the phone has not shown as read yet. */
export function unreadSandboxMessages(db: Queryable, channelId: string, waId: string) {
  return db
    .select()
    .from(sandboxMessages)
    .where(
      and(
        eq(sandboxMessages.channelId, channelId),
        eq(sandboxMessages.waId, waId),
        eq(sandboxMessages.direction, "out"),
        inArray(sandboxMessages.status, ["accepted", "sent", "delivered"]),
      ),
    )
    .orderBy(asc(sandboxMessages.createdAt));
}
