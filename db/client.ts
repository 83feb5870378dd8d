import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import * as schema from "./schema";

/**
 * One query API over two engines: postgres.js when DATABASE_URL is set, PGlite (embedded
 * PostgreSQL in WASM, persisted in a folder) when it is not. Same schema, same migrations,
 * same drizzle queries on both.
 */
export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database or a transaction: query functions accept either. */
export type Queryable = Database | Tx;

export interface DbHandle {
  db: Database;
  kind: "postgres" | "pglite";
  /** The server URL (postgres only), for dedicated connections such as migrations. */
  url?: string;
  /** The underlying clients, for LISTEN/NOTIFY and raw driver features. */
  sql?: Sql;
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DbOptions {
  url?: string;
  /** A folder, or "memory" for a throwaway in-memory database (tests). */
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const sql = postgres(opts.url, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: "tickflow" },
    });
    const db = drizzle({ client: sql, schema }) as unknown as Database;
    return { db, kind: "postgres", url: opts.url, sql, close: () => sql.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = opts.pgliteDir ?? "memory";
  let releaseLock = () => {};
  if (dir !== "memory") {
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = claimEmbeddedLock(dir);
  }
  const pglite = dir === "memory" ? new PGlite() : new PGlite(dir);
  await pglite.waitReady;
  const db = drizzle({ client: pglite, schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    pglite,
    close: async () => {
      await pglite.close();
      releaseLock();
    },
  };
}

export class EmbeddedDbBusyError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same folder would
 * corrupt it. A pid file next to the folder turns that into a clear message.
 */
function claimEmbeddedLock(dir: string): () => void {
  const file = `${path.resolve(/*turbopackIgnore: true*/ dir)}.pid`;
  try {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new EmbeddedDbBusyError(
        `The embedded database in ${displayPath(dir)} is held by a running Tickflow (pid ${pid}). ` +
          "Stop it first, use the app's API, or set DATABASE_URL to use PostgreSQL.",
      );
    }
  } catch (err) {
    if (err instanceof EmbeddedDbBusyError) throw err;
  }
  fs.writeFileSync(file, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return release;
}

function displayPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") ? `./${rel}` : path.resolve(/*turbopackIgnore: true*/ dir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
