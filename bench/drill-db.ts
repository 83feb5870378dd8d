import postgres from "postgres";

/**
 * What the drills read (and, to fast-forward time, write) in the app's database. Table and
 * column names are the app's schema (db/schema/*); the SQL is written out here so that a
 * check never shares a bug with the code it checks.
 */
export interface OpenWork {
  /** webhook_event rows still pending or processing. */
  eventsOpen: number;
  eventsFailed: number;
  /** Outbound messages not yet handed to the provider. */
  outboundQueued: number;
  outboundFailed: number;
  /** Due bot jobs (timers, API calls) not done yet. */
  jobsDue: number;
}

export const isQuiet = (w: OpenWork) => w.eventsOpen === 0 && w.outboundQueued === 0 && w.jobsDue === 0;

export function describeWork(w: OpenWork): string {
  return `${w.eventsOpen} open webhook events, ${w.outboundQueued} queued outbound, ${w.jobsDue} due jobs (failed: ${w.eventsFailed} events, ${w.outboundFailed} outbound)`;
}

export interface TimerCheck {
  /** flow_timer jobs made due now. */
  timers: number;
  /** …that were done before the deadline. */
  fired: number;
  /** Jobs claimed more than once (attempts > 1). */
  claimedTwice: number;
  /** Sessions whose step log shows the timer applied more than once. */
  appliedTwice: number;
  /** Sessions the inactivity timer ended. */
  sessionsEnded: number;
}

export class DrillDb {
  private sql: postgres.Sql;

  constructor(
    readonly url: string,
    private channelId: string,
  ) {
    this.sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5, connection: { application_name: "tickflow-drill" } });
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 2 });
  }

  /** Runs a query, retrying while the server is unreachable or restarting (connections of a restarted server fail once). */
  private async q<T>(fn: (sql: postgres.Sql) => Promise<T>, attempts = 40): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn(this.sql);
      } catch (err) {
        if (i >= attempts) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async openWork(): Promise<OpenWork> {
    const [row] = await this.q(
      (sql) => sql<{ events_open: number; events_failed: number; outbound_queued: number; outbound_failed: number; jobs_due: number }[]>`
        SELECT
          (SELECT count(*) FROM webhook_event WHERE state IN ('pending', 'processing'))::int AS events_open,
          (SELECT count(*) FROM webhook_event WHERE state = 'failed')::int AS events_failed,
          (SELECT count(*) FROM message WHERE direction = 'out' AND status = 'queued')::int AS outbound_queued,
          (SELECT count(*) FROM message WHERE direction = 'out' AND status = 'failed')::int AS outbound_failed,
          (SELECT count(*) FROM scheduled_job WHERE done_at IS NULL AND due_at <= now())::int AS jobs_due`,
    );
    return { eventsOpen: row!.events_open, eventsFailed: row!.events_failed, outboundQueued: row!.outbound_queued, outboundFailed: row!.outbound_failed, jobsDue: row!.jobs_due };
  }

  /** Work that was already there at `before`: webhook events received and outbound messages created before then, still open now. */
  async openFrom(before: Date): Promise<{ events: number; outbound: number }> {
    const [row] = await this.q(
      (sql) => sql<{ events: number; outbound: number }[]>`
        SELECT
          (SELECT count(*) FROM webhook_event WHERE state IN ('pending', 'processing') AND received_at < ${before})::int AS events,
          (SELECT count(*) FROM message WHERE direction = 'out' AND status = 'queued' AND created_at < ${before})::int AS outbound`,
    );
    return row!;
  }

  /**
   * Waits until the app has nothing left to do (no open event, no queued outbound, no due
   * job) for `quietMs` in a row, or `maxMs` passed. `tick` runs on every poll.
   */
  async waitQuiet(maxMs: number, quietMs = 2_000, tick?: () => Promise<void>): Promise<{ quiet: boolean; waitedMs: number; last: OpenWork }> {
    const started = Date.now();
    let quietSince: number | null = null;
    let last = await this.openWork();
    while (Date.now() - started < maxMs) {
      await tick?.();
      last = await this.openWork();
      if (isQuiet(last)) {
        quietSince ??= Date.now();
        if (Date.now() - quietSince >= quietMs) return { quiet: true, waitedMs: Date.now() - started, last };
      } else quietSince = null;
      await new Promise((r) => setTimeout(r, 250));
    }
    return { quiet: false, waitedMs: Date.now() - started, last };
  }

  /**
   * Ends now the leases that were taken before `before` — those of a process that was
   * killed, or of work interrupted by a database restart — instead of waiting them out
   * (webhook events: 30 s from arrival; claimed outbound messages: 60 s from the claim).
   * The sweeper still has to find and finish the work; only the waiting is skipped.
   */
  /**
   * Ends the leases of work older than `before` (webhook events now; queued outbound
   * messages after `outboundWaitMs`, the time the app gives a send in doubt to be settled
   * by its status webhook before sending it again).
   */
  async expireLeases(before: Date, outboundWaitMs = 0): Promise<{ events: number; outbound: number }> {
    return this.q(async (sql) => {
      const events = await sql`
        UPDATE webhook_event SET locked_until = now()
        WHERE state IN ('pending', 'processing') AND locked_until > now() AND received_at < ${before}`;
      const until = sql`now() + ${`${outboundWaitMs} milliseconds`}::interval`;
      const outbound = await sql`
        UPDATE message SET next_attempt_at = ${until}
        WHERE direction = 'out' AND status = 'queued' AND next_attempt_at > ${until} AND created_at < ${before}`;
      return { events: events.count, outbound: outbound.count };
    });
  }

  /** Of these acked message ids: the ones the app has no webhook event for at all, and the ones whose event is stored but not (yet) a message. */
  async notStored(wamids: string[]): Promise<{ noEvent: string[]; noMessage: string[] }> {
    if (wamids.length === 0) return { noEvent: [], noMessage: [] };
    const keys = wamids.map((w) => `${this.channelId}:msg:${w}`);
    const events = await this.q((sql) => sql<{ dedupe_key: string }[]>`SELECT dedupe_key FROM webhook_event WHERE dedupe_key = ANY(${keys})`);
    const haveEvent = new Set(events.map((e) => e.dedupe_key.slice(`${this.channelId}:msg:`.length)));
    const stored = await this.q((sql) => sql<{ provider_message_id: string }[]>`SELECT provider_message_id FROM message WHERE direction = 'in' AND provider_message_id = ANY(${wamids})`);
    const haveMessage = new Set(stored.map((m) => m.provider_message_id));
    return { noEvent: wamids.filter((w) => !haveEvent.has(w)), noMessage: wamids.filter((w) => haveEvent.has(w) && !haveMessage.has(w)) };
  }

  /**
   * Per contact, the order in which the app processed its messages (message.seq: inserted
   * under the conversation's lock) against the order they were sent (the driver's ids grow
   * with each message). Returns the contacts processed out of order, with both orders.
   */
  async outOfOrder(contacts: string[]): Promise<{ waId: string; processed: string[] }[]> {
    if (contacts.length === 0) return [];
    const rows = await this.q(
      (sql) => sql<{ wa_id: string; ids: string[] }[]>`
        SELECT c.wa_id, array_agg(m.provider_message_id ORDER BY m.seq) AS ids
        FROM message m
        JOIN conversation v ON v.id = m.conversation_id
        JOIN contact c ON c.id = v.contact_id
        WHERE m.direction = 'in' AND m.sender_kind = 'customer' AND m.provider_message_id IS NOT NULL AND c.wa_id = ANY(${contacts})
        GROUP BY c.wa_id`,
    );
    return rows.filter((r) => r.ids.some((id, i) => i > 0 && id < r.ids[i - 1]!)).map((r) => ({ waId: r.wa_id, processed: r.ids }));
  }

  /** Outbound messages to these contacts: how many, how many attempts the busiest took, which failed for good. */
  async outboundSummary(
    contacts: string[],
  ): Promise<{ total: number; maxAttempts: number; retried: number; failed: number; failedCodes: Record<string, number>; queued: number; settledByStatus: number }> {
    // settled_by_status: the provider id came from a status webhook, never from a send's
    // answer (recording an answer adds `accepted` to the history).
    const rows = await this.q(
      (sql) => sql<{ attempts: number; status: string; code: string | null; settled_by_status: boolean }[]>`
        SELECT m.attempts, m.status, m.error->>'code' AS code,
          (m.provider_message_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM message_status_event e WHERE e.message_id = m.id AND e.status = 'accepted')) AS settled_by_status
        FROM message m
        JOIN conversation v ON v.id = m.conversation_id
        JOIN contact c ON c.id = v.contact_id
        WHERE m.direction = 'out' AND c.wa_id = ANY(${contacts})`,
    );
    const failedCodes: Record<string, number> = {};
    for (const r of rows) if (r.status === "failed") failedCodes[r.code ?? "?"] = (failedCodes[r.code ?? "?"] ?? 0) + 1;
    return {
      total: rows.length,
      maxAttempts: rows.reduce((m, r) => Math.max(m, r.attempts), 0),
      retried: rows.filter((r) => r.attempts > 1).length,
      failed: rows.filter((r) => r.status === "failed").length,
      failedCodes,
      queued: rows.filter((r) => r.status === "queued").length,
      settledByStatus: rows.filter((r) => r.settled_by_status).length,
    };
  }

  /**
   * Makes the pending flow timers of these contacts due now (their inactivity timers are
   * 24 h away), waits until the app has fired them, and checks each fired exactly once:
   * claimed once (scheduled_job.attempts), applied once (one timer step in the session's
   * step log), the session ended by it.
   */
  async fireTimers(contacts: string[], maxMs: number): Promise<TimerCheck> {
    const jobs = await this.q(
      (sql) => sql<{ id: string; session_id: string | null }[]>`
        UPDATE scheduled_job j SET due_at = now()
        FROM conversation v JOIN contact c ON c.id = v.contact_id
        WHERE j.conversation_id = v.id AND c.wa_id = ANY(${contacts}) AND j.kind = 'flow_timer' AND j.done_at IS NULL
        RETURNING j.id, j.session_id`,
    );
    const ids = jobs.map((j) => j.id);
    const sessions = [...new Set(jobs.map((j) => j.session_id).filter((s): s is string => s !== null))];
    const deadline = Date.now() + maxMs;
    let done: { id: string; attempts: number }[] = [];
    while (Date.now() < deadline) {
      done = await this.q((sql) => sql<{ id: string; attempts: number }[]>`SELECT id, attempts FROM scheduled_job WHERE id = ANY(${ids}) AND done_at IS NOT NULL`);
      if (done.length === ids.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // A moment more: a second runner of the same job would apply it now.
    await new Promise((r) => setTimeout(r, 1_500));
    const steps = await this.q(
      (sql) => sql<{ session_id: string; n: number }[]>`
        SELECT session_id, count(*)::int AS n FROM flow_step
        WHERE session_id = ANY(${sessions}) AND input->>'kind' = 'timer'
        GROUP BY session_id`,
    );
    const ended = await this.q((sql) => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM bot_session WHERE id = ANY(${sessions}) AND end_reason = 'inactivity'`);
    const claims = await this.q((sql) => sql<{ n: number }[]>`SELECT count(*)::int AS n FROM scheduled_job WHERE id = ANY(${ids}) AND attempts > 1`);
    return { timers: ids.length, fired: done.length, claimedTwice: claims[0]!.n, appliedTwice: steps.filter((s) => s.n > 1).length, sessionsEnded: ended[0]!.n };
  }
}

/** Creates a database on the server of `serverUrl` and returns its URL and a drop function. */
export async function createDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
