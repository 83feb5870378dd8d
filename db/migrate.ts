import path from "node:path";
import type { DbHandle } from "./client";
import { LOCKS } from "./locks";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");


/**
 * Applies the committed drizzle-kit migrations. On PostgreSQL several app instances may
 * start at once, so the work runs under an advisory lock on one dedicated connection.
 */
export async function runMigrations(handle: DbHandle, folder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const { drizzle } = await import("drizzle-orm/pglite");
    await migrate(drizzle({ client: handle.pglite! }), { migrationsFolder: folder });
    return;
  }
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { default: postgres } = await import("postgres");
  // One connection for the whole run, so the session lock covers every statement.
  const sql = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    await sql`SELECT pg_advisory_lock(${LOCKS.migrations})`;
    await migrate(drizzle({ client: sql }), { migrationsFolder: folder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
