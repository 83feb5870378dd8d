import { dbHandle } from "@/db";
import { LOCKS, withGlobalLock } from "@/db/locks";
import { countUsers } from "@/db/queries/users";
import { createOwner } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { childLog } from "@/lib/log";
import { ensureDemoFlow } from "@/lib/flow/runtime/demo-bootstrap";
import { startJobRunner } from "@/lib/flow/runtime/jobs";
import { flowBotRunner } from "@/lib/flow/runtime/runner";
import { setBotRunner } from "@/lib/messaging/bot";
import { startSweeper } from "@/lib/messaging/sweeper";
import { ensureSandboxChannel } from "@/lib/sandbox/channel";

const log = childLog("bootstrap");

/**
 * Everything a fresh installation needs before its first request: the migrated database,
 * headless the owner from ADMIN_EMAIL + ADMIN_PASSWORD, the sandbox channel with its
 * demo flow, the bot runner, the sweeper and the job runner. Safe to run on every start and from several instances at once.
 */
export async function bootstrap(): Promise<void> {
  const e = env();
  const handle = await dbHandle();
  await withGlobalLock(handle, LOCKS.bootstrap, async () => {
    if (e.ADMIN_EMAIL && e.ADMIN_PASSWORD && (await countUsers(handle.db)) === 0) {
      await createOwner({ name: e.ADMIN_NAME, email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD });
      log.info({ email: e.ADMIN_EMAIL }, "owner account created from ADMIN_EMAIL");
    }
    if (e.SANDBOX_ENABLED) {
      const sandbox = await ensureSandboxChannel(handle.db);
      if (sandbox.created) log.info({ channelId: sandbox.id }, "sandbox channel created");
      await ensureDemoFlow(handle.db, sandbox.id);
    }
  });
  // The logic stage: published flows answer customer messages.
  setBotRunner(flowBotRunner);
  // With a processing worker (server.mjs, on PostgreSQL) these two run in the worker.
  if (process.env.TICKFLOW_PROCESSING_IN_WORKER !== "1") {
    // Finishes webhook events and sends interrupted by a crash; safe on every instance.
    startSweeper();
    // Bot timers (no reply after…, inactivity) and API calls that must be resumed.
    startJobRunner();
  }
  log.info({ db: handle.kind, publicUrl: e.publicUrl }, "Tickflow ready");
}
