import { openDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { env, EnvError } from "@/lib/env";

/** `npm run db:migrate`: apply the committed migrations to DATABASE_URL or the embedded database. */
async function main() {
  const e = env();
  const handle = await openDb({ url: e.DATABASE_URL, pgliteDir: e.pgliteDir, poolSize: 1 });
  try {
    await runMigrations(handle);
    console.log(`Migrations applied (${handle.kind}).`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof EnvError ? `Cannot migrate: ${err.message}` : `Cannot migrate: ${(err as Error).message}`);
  process.exit(1);
});
