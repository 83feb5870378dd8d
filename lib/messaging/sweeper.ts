import { getDb } from "@/db";
import { claimOverdueConversations } from "@/db/queries/outbound";
import { claimStaleEvents } from "@/db/queries/webhook-events";
import { childLog } from "@/lib/log";
import { getDispatcher } from "./dispatcher";
import { processEvents, MAX_EVENT_ATTEMPTS } from "./process";

const log = childLog("sweeper");

export interface SweepOptions {
  /** Events per pass. */
  limit?: number;
  /** Lease taken on claimed events. */
  leaseMs?: number;
  /** Queued rows that were never attempted are left to the in-process dispatcher this long. */
  outboundGraceMs?: number;
  /** Clock override for tests ("the lease has run out"). */
  now?: Date;
}

export interface SweepResult {
  events: number;
  conversations: number;
}

/**
 * Finishes what a crash interrupted: webhook events stored but not processed (their
 * lease ran out) and outbound messages queued but not sent by their due time. Claims
 * use FOR UPDATE SKIP LOCKED, and processing itself is gated by the exactly-once update,
 * so any number of instances may sweep at once.
 */
export async function sweepOnce(opts: SweepOptions = {}): Promise<SweepResult> {
  const db = await getDb();
  const ids = await claimStaleEvents(db, { limit: opts.limit ?? 200, leaseMs: opts.leaseMs ?? 60_000, maxAttempts: MAX_EVENT_ATTEMPTS, now: opts.now });
  if (ids.length > 0) {
    log.warn({ count: ids.length }, `re-processing ${ids.length} interrupted webhook event(s)`);
    await processEvents(ids);
  }
  const conversations = await claimOverdueConversations(db, { limit: opts.limit ?? 200, graceMs: opts.outboundGraceMs ?? 10_000, now: opts.now });
  const dispatcher = getDispatcher();
  await Promise.all(conversations.map((id) => dispatcher.kick(id)));
  return { events: ids.length, conversations: conversations.length };
}

const g = globalThis as unknown as { __tickflowSweeper?: { timer: ReturnType<typeof setInterval>; running: boolean } };

/** Sweeps every `intervalMs` in the background; once per process (idempotent). */
export function startSweeper(intervalMs = 5_000): void {
  if (g.__tickflowSweeper) return;
  const state = {
    running: false,
    timer: setInterval(() => {
      if (state.running) return;
      state.running = true;
      sweepOnce()
        .catch((err) => log.error({ err }, "sweep failed"))
        .finally(() => {
          state.running = false;
        });
    }, intervalMs),
  };
  state.timer.unref?.();
  g.__tickflowSweeper = state;
}

export function stopSweeper(): void {
  if (!g.__tickflowSweeper) return;
  clearInterval(g.__tickflowSweeper.timer);
  g.__tickflowSweeper = undefined;
}
