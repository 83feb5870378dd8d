import { dbHandle } from "@/db";
import { LOCKS, withGlobalLock } from "@/db/locks";
import { countUsers } from "@/db/queries/users";
import { createOwner } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { childLog } from "@/lib/log";

const log = childLog("bootstrap");

/**
 * Everything a fresh installation needs before its first request: the migrated database
 * and, headless, the owner from ADMIN_EMAIL + ADMIN_PASSWORD. Safe to run on every start
 * and from several instances at once.
 */
export async function bootstrap(): Promise<void> {
  const e = env();
  const handle = await dbHandle();
  await withGlobalLock(handle, LOCKS.bootstrap, async () => {
    if (e.ADMIN_EMAIL && e.ADMIN_PASSWORD && (await countUsers(handle.db)) === 0) {
      await createOwner({ name: e.ADMIN_NAME, email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD });
      log.info({ email: e.ADMIN_EMAIL }, "owner account created from ADMIN_EMAIL");
    }
  });
  log.info({ db: handle.kind, publicUrl: e.publicUrl }, "Tickflow ready");
}
