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
  /** For the webhook answer only: on PostgreSQL its own small pool (db/index.ts intakeDb), else `db`. */
  intake: Database;
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
    const pool = (max: number, planCacheMode: "force_custom_plan" | "auto") =>
      postgres(opts.url!, {
        max,
        backoff: reconnectBackoff,
        // postgres.js waits 30 s by default for a connection to come up. In the pg-restart
        // drill (CI) one attempt made while PostgreSQL was shutting down never completed its
        // startup: the server's fast shutdown waited those 30 s for it, and webhooks queued
        // behind it for up to 26 s. A local or managed server answers in well under a second.
        connect_timeout: 10,
        onnotice: () => {},
        connection: { application_name: "tickflow", plan_cache_mode: planCacheMode },
      });
    // Statements are prepared once per connection (preparedStatements below). On the main
    // pool a custom plan per execution keeps the plans the batch statements were tuned for
    // (arrays and jsonb recordsets whose sizes a generic plan cannot know: with
    // PostgreSQL's default, `auto`, several switched to generic plans that scanned, and
    // the bench's PostgreSQL time per run doubled). The intake pool runs the webhooks'
    // INSERT and little else; its rows travel as one jsonb parameter, so its generic plan
    // is the custom one, and the default saves planning it per webhook (0.05 ms of 0.19
    // ms; bench/README).
    // Connections open on first use: the intake pool costs nothing where nothing uses it.
    const sql = pool(opts.poolSize ?? 10, "force_custom_plan");
    const intakeSql = pool(2, "auto");
    const db = drizzle({ client: preparedStatements(sql), schema }) as unknown as Database;
    const intake = drizzle({ client: preparedStatements(intakeSql), schema }) as unknown as Database;
    return {
      db,
      intake,
      kind: "postgres",
      url: opts.url,
      sql,
      close: async () => {
        await Promise.all([sql.end({ timeout: 5 }), intakeSql.end({ timeout: 5 })]);
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = opts.pgliteDir ?? "memory";
  let releaseLock = () => {};
  if (dir !== "memory") {
    fs.mkdirSync(dir, { recursive: true });
    releaseLock = claimEmbeddedLock(dir);
  }
  // pg_trgm backs the inbox search indexes (migration 0002); PostgreSQL ships it in contrib.
  const extensions = { pg_trgm };
  const pglite = dir === "memory" ? new PGlite({ extensions }) : new PGlite(dir, { extensions });
  await pglite.waitReady;
  const db = drizzle({ client: pglite, schema }) as unknown as Database;
  return {
    db,
    intake: db,
    kind: "pglite",
    pglite,
    close: async () => {
      await pglite.close();
      releaseLock();
    },
  };
}

/**
 * drizzle runs every query it builds as an unnamed statement (`prepare: false` unless the
 * query is given a name), and postgres.js then describes each parameterized statement
 * before executing it: two round trips per statement, and a pipeline stops at each one
 * (`pipelined` in db/queries/rows.ts could not overlap them). Measured in the bench's
 * closed loop: 2,543 of 3,289 statements described first. This wrapper lets postgres.js
 * prepare each statement once per connection and then send Bind + Execute alone, so a
 * statement is one round trip and statements issued together share one. Transactions
 * and savepoints hand drizzle the same wrapper. Connections are recycled by postgres.js
 * (max_lifetime, 30–60 min), which bounds the per-connection statement cache.
 */
export function preparedStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: { prepare?: boolean; simple?: boolean }) =>
          target.unsafe(query, params as never, options?.simple ? options : { ...options, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown;
          const method = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (tx: Sql) => fn(preparedStatements(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Seconds before a broken pool connection reconnects. postgres.js's default grows with a
 * retry count the whole pool shares (3^n / 100 s, up to 20 s), and queries queued on a
 * connection wait for it: after a 3 s PostgreSQL restart some queries waited 19 s, so
 * webhooks hung instead of getting a 503 and the app lagged the database's return
 * (found by npm run drill, pg-restart). Doubling from 50 ms to at most 1 s, with jitter:
 * while the server is down queries fail within about a second, once it is back they run.
 */
export function reconnectBackoff(retries: number): number {
  return Math.min(1, 0.05 * 2 ** Math.max(0, retries)) * (0.5 + Math.random() / 2);
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
