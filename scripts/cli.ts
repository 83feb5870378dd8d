import { parseArgs } from "node:util";
import { openDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { recordAudit } from "@/db/queries/audit";
import { findOwner, listUsers } from "@/db/queries/users";
import { createApiToken } from "@/lib/auth/tokens";
import { env } from "@/lib/env";

/**
 * `npm run cli -- <command>`: operator tasks that need no browser.
 *   tokens:create --name NAME   prints a new API token for the owner (last line of output)
 *   users:list                  lists accounts and roles
 */
const USAGE = "Usage: npm run cli -- tokens:create --name NAME | users:list";

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({ args: rest, options: { name: { type: "string" } }, allowPositionals: false });
  if (!command) throw new Error(USAGE);
  const e = env();
  const handle = await openDb({ url: e.DATABASE_URL, pgliteDir: e.pgliteDir, poolSize: 1 });
  try {
    await runMigrations(handle);
    const db = handle.db;
    switch (command) {
      case "tokens:create": {
        if (!values.name?.trim()) throw new Error("tokens:create needs --name NAME");
        const owner = await findOwner(db);
        if (!owner) throw new Error("No owner account yet: open the app once to create it, or start it with ADMIN_EMAIL and ADMIN_PASSWORD.");
        const { token, row } = await createApiToken(db, { name: values.name.trim(), userId: owner.id, createdBy: null });
        await recordAudit(db, { actorKind: "system", action: "token.created", targetType: "api_token", targetId: row.id, details: { name: row.name, via: "cli" } });
        console.log(`Created API token "${row.name}" for ${owner.email}. It is shown only once:`);
        console.log(token);
        break;
      }
      case "users:list":
        for (const u of await listUsers(db)) console.log(`${u.role.padEnd(6)} ${u.email}${u.isOwner ? " (owner)" : ""}`);
        break;
      default:
        throw new Error(`Unknown command "${command}". ${USAGE}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(`tickflow: ${(err as Error).message}`);
  process.exit(1);
});
