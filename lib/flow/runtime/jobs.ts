import { dbHandle } from "@/db";
import { findConversationWithContact } from "@/db/queries/messages";
import { activeSession, claimDueJobs, completeJob, releaseJob, type JobRow } from "@/db/queries/sessions";
import type { HttpRequest, SessionState, TimerKind } from "@/lib/flow/types";
import { childLog } from "@/lib/log";
import { background } from "@/lib/messaging/background";
import { backoffDelay } from "@/lib/messaging/backoff";
import { inConversationTurn } from "@/lib/messaging/conversation-turn";
import { onCommit } from "@/lib/messaging/outbound";
import { readAllowList } from "./allow-list";
import { turnContext } from "./context";
import { loadVersion } from "./flow-cache";
import { performHttp } from "./http";
import { runTurn } from "./turn";

const log = childLog("flow");

/**
 * Durable bot jobs: API calls (performed outside any transaction, then fed back to the
 * engine in a new turn) and timers (no reply after N minutes, inactivity). Stored in
 * scheduled_job, claimed with a lease and SKIP LOCKED, completed exactly once inside the
 * turn that applies them — so restarts and several instances neither lose nor repeat a
 * continuation. An API call interrupted by a crash is performed again after its lease.
 */
const BATCH = 50;
const HTTP_GRACE_MS = 15_000;
const TIMER_LEASE_MS = 30_000;

type HttpPayload = { requestId: string; request: HttpRequest; blockId: string; channelId: string; waId: string };
type TimerPayload = { timerId: string; timerKind: TimerKind; blockId: string; channelId: string; waId: string };

let running = false;
let again = false;

/** Runs due jobs now (coalesced: one pass at a time per process, another if asked meanwhile). */
export function runDueJobsSoon(): void {
  if (running) {
    again = true;
    return;
  }
  running = true;
  background("bot jobs", async () => {
    try {
      do {
        again = false;
        await runDueJobs();
      } while (again);
    } finally {
      running = false;
    }
  });
}

export async function runDueJobs(): Promise<number> {
  const { db } = await dbHandle();
  const jobs = await claimDueJobs(db, BATCH, Math.max(TIMER_LEASE_MS, 60_000 + HTTP_GRACE_MS));
  await Promise.all(
    jobs.map((job) =>
      runJob(job).catch(async (err) => {
        // Its turn rolled back (a database blip, a pooled connection the database closed):
        // due again after a short backoff (1 s, doubling per attempt, at most 5 min) rather
        // than when the claim's 75 s lease ends; if even that fails, the lease does. The
        // turn is idempotent: completeJob inside it is the exactly-once gate.
        const delay = backoffDelay(job.attempts, { baseMs: 1_000, capMs: 300_000 });
        log.error({ err, jobId: job.id, attempt: job.attempts }, `bot job failed; retrying in ${Math.round(delay / 1000)} s`);
        await releaseJob(db, job.id, new Date(Date.now() + delay)).catch(() => {});
      }),
    ),
  );
  return jobs.length;
}

async function runJob(job: JobRow) {
  if (job.kind === "flow_http") return runHttpJob(job, job.payload as unknown as HttpPayload);
  if (job.kind === "flow_timer") return runTimerJob(job, job.payload as unknown as TimerPayload);
  log.warn({ jobId: job.id, kind: job.kind }, "unknown job kind; left for a newer version");
  const { db } = await dbHandle();
  await releaseJob(db, job.id, new Date(Date.now() + 3600_000));
}

async function runHttpJob(job: JobRow, p: HttpPayload) {
  const { db } = await dbHandle();
  const result = await performHttp(p.request, p.requestId, { allowList: await readAllowList(db) });
  await continueSession(job, p.channelId, p.waId, (state) => state.waitingFor?.kind === "http" && state.waitingFor.requestId === p.requestId, result);
}

async function runTimerJob(job: JobRow, p: TimerPayload) {
  await continueSession(job, p.channelId, p.waId, () => true, { type: "timer", timerId: p.timerId, kind: p.timerKind });
}

/** Feeds a job's event to the session it belongs to, if that session is still the one waiting. */
async function continueSession(job: JobRow, channelId: string, waId: string, stillWaiting: (s: SessionState) => boolean, event: Parameters<typeof runTurn>[3]) {
  await inConversationTurn(channelId, waId, async (tx) => {
    if (!(await completeJob(tx, job.id))) return;
    const found = job.conversationId ? await findConversationWithContact(tx, job.conversationId) : null;
    // Human mode: the bot does not run, whatever was pending.
    if (!found || found.conversation.mode !== "bot") return;
    const session = await activeSession(tx, found.conversation.id);
    if (!session || session.id !== job.sessionId || !stillWaiting(session.state as unknown as SessionState)) return;
    const flow = await loadVersion(tx, session.flowId, session.flowVersion);
    if (!flow) return;
    const ctx = turnContext(tx, { channelId, conversationId: found.conversation.id, contact: found.contact, isFirstContact: false });
    const outcome = await runTurn(ctx, flow, session, event);
    if (outcome.httpJobs.length) onCommit(tx, () => runDueJobsSoon());
  });
}

const g = globalThis as unknown as { __tickflowJobTimer?: ReturnType<typeof setInterval> };

/** Polls for due timers (and API calls whose runner died) every `intervalMs`; once per process. */
export function startJobRunner(intervalMs = 1_000): void {
  if (g.__tickflowJobTimer) return;
  g.__tickflowJobTimer = setInterval(runDueJobsSoon, intervalMs);
  g.__tickflowJobTimer.unref?.();
}

export function stopJobRunner(): void {
  if (g.__tickflowJobTimer) clearInterval(g.__tickflowJobTimer);
  g.__tickflowJobTimer = undefined;
}
