import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { quickReplies } from "@/db/schema";

/** Saved answers for the inbox composer (`/shortcut`). */
export type QuickReplyRow = typeof quickReplies.$inferSelect;

export function listQuickReplies(db: Queryable) {
  return db.select().from(quickReplies).orderBy(asc(quickReplies.shortcut));
}

export async function insertQuickReply(db: Queryable, row: typeof quickReplies.$inferInsert) {
  const [created] = await db.insert(quickReplies).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

export async function updateQuickReply(db: Queryable, id: string, patch: { shortcut?: string; text?: string }) {
  const [row] = await db
    .update(quickReplies)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(quickReplies.id, id))
    .returning();
  return row ?? null;
}

export async function deleteQuickReply(db: Queryable, id: string) {
  const rows = await db.delete(quickReplies).where(eq(quickReplies.id, id)).returning({ id: quickReplies.id });
  return rows.length > 0;
}
