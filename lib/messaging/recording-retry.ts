/** Room left before a claim's lease ends, for clock skew between instances and the database. */
const LEASE_MARGIN_MS = 5_000;

/**
 * When to stop retrying a recording: the lease the claim statement set runs from the
 * database's now(), which is after `claimedAt` (the app's clock just before the claim);
 * LEASE_MARGIN_MS more covers clock skew between instances and the database. Was half
 * the lease after the provider answered: a 33 s PostgreSQL stop (pg-restart drill, slow
 * shutdown) outlasted it and 12 replies were sent twice.
 */
export function recordingDeadline(claimedAt: number, leaseMs: number): number {
  return claimedAt + Math.max(leaseMs / 2, leaseMs - LEASE_MARGIN_MS);
}

/**
 * The provider accepted a message: recording that must survive a database blip or
 * restart, or the row stays queued and is sent a second time when its claim's lease runs
 * out. Runs `fn` until it succeeds, with backoff (50 ms doubling, at most 2 s apart), and
 * gives up with its last error when the next pause would end after `deadline`
 * (recordingDeadline: before the lease ends, so nobody else can have claimed the row
 * meanwhile). Always tried at least once.
 */
export async function withRetries<T>(fn: () => Promise<T>, deadline: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const pause = Math.min(2_000, 50 * 2 ** (i - 1));
      if (Date.now() + pause > deadline) throw err;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}
