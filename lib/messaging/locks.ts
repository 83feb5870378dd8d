import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

/**
 * Transaction-scoped serialization on PostgreSQL: `pg_advisory_xact_lock` on a hash of
 * the key, released at commit or rollback, so every app instance takes turns. On PGlite
 * there is one connection and transactions already run one at a time, so nothing to do
 * (the in-process KeyedQueue gives arrival order there).
 */
export async function lockKey(tx: Tx, kind: "postgres" | "pglite", key: string): Promise<void> {
  if (kind === "pglite") return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

export const conversationKey = (channelId: string, waId: string) => `conv:${channelId}:${waId}`;
export const providerMessageKey = (channelId: string, providerMessageId: string) => `pmid:${channelId}:${providerMessageId}`;
