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

/**
 * The webhook answer's own connections (on PostgreSQL a second pool of 2): storing a
 * webhook before its 200 never queues behind the processing and sending that share the
 * main pool, so the acknowledgement stays fast under load. On PGlite, the same database.
 */
export async function intakeDb(): Promise<Database> {
  return (await dbHandle()).intake;
}

export type { Database, Queryable, Tx } from "./client";
