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

/**
 * Several keys' locks in one round trip, in the order of their hashes — every caller
 * takes a set of keys in the same order, so two batches sharing keys never deadlock.
 */
export async function lockKeys(tx: Tx, kind: "postgres" | "pglite", keys: readonly string[]): Promise<void> {
  if (kind === "pglite" || keys.length === 0) return;
  if (keys.length === 1) return lockKey(tx, kind, keys[0]!);
  // The subquery is sorted (and, having ORDER BY, never pulled up) before the outer
  // select takes the locks row by row.
  await tx.execute(sql`
    SELECT count(pg_advisory_xact_lock(h)) FROM (
      SELECT DISTINCT hashtextextended(k, 0) AS h FROM jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) AS k ORDER BY 1
    ) sorted`);
}

export const conversationKey = (channelId: string, waId: string) => `conv:${channelId}:${waId}`;
export const providerMessageKey = (channelId: string, providerMessageId: string) => `pmid:${channelId}:${providerMessageId}`;
