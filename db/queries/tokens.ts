import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiTokens, users } from "@/db/schema";

export function insertToken(db: Queryable, row: typeof apiTokens.$inferInsert) {
  return db.insert(apiTokens).values(row).returning();
}

export function listTokens(db: Queryable) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      userId: apiTokens.userId,
      createdBy: apiTokens.createdBy,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

/** The live (not revoked) token with this hash, and its user. */
export async function findActiveToken(db: Queryable, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row ?? null;
}

/** Records use at most once a minute, so a busy integration does not write on every call. */
export async function touchToken(db: Queryable, id: string, now = new Date()) {
  const stale = new Date(now.getTime() - 60_000);
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
}

export async function revokeToken(db: Queryable, id: string, now = new Date()) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}
