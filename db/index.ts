import { env } from "@/lib/env";
import { openDb, type Database, type DbHandle } from "./client";
import { runMigrations } from "./migrate";

/**
 * The process-wide database, opened and migrated once. Cached on globalThis because
 * Next's dev server reloads modules, and PGlite must stay a single instance per process.
 */
const cache = globalThis as unknown as { __tickflowDb?: Promise<DbHandle> };

export function dbHandle(): Promise<DbHandle> {
  cache.__tickflowDb ??= (async () => {
    const e = env();
    const handle = await openDb({ url: e.DATABASE_URL, pgliteDir: e.pgliteDir, poolSize: e.DATABASE_POOL_SIZE });
    await runMigrations(handle);
    return handle;
  })().catch((err) => {
    cache.__tickflowDb = undefined;
    throw err;
  });
  return cache.__tickflowDb;
}

export async function getDb(): Promise<Database> {
  return (await dbHandle()).db;
}

export type { Database, Queryable, Tx } from "./client";
