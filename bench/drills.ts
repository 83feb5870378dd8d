import { performance } from "node:perf_hooks";
import { startApp, type AppLaunch, type RunningApp } from "./app";
import type { DrillDb, OpenWork } from "./drill-db";
import { describeWork } from "./drill-db";
import type { PrivateCluster } from "./drill-pg";
import type { Driver, RetryPolicy, ScenarioResult, ScenarioSpec, Target } from "./driver";
import type { BusinessNumber } from "./meta-wire";
import type { JournalEntry, MockGraph, MockOptions } from "./mock-graph";
import { killGroup } from "./proc";
import { fmtCount } from "./stats";

/**
 * The recovery drills of issue 7: load at a rate the app sustains, a fault in the middle
 * (the server SIGKILLed, the provider failing or silent, PostgreSQL restarted, or two
 * instances sharing the work), then proof that every webhook answered 200 got exactly one
 * right reply. Speed is not judged here; only correctness after recovery.
 */

export interface DrillEnv {
  quick: boolean;
  /** Messages per second for the open-loop load. */
  rate: number;
  /** Replies per second the app managed in the closed-loop probe (undefined with --rate). */
  capacity?: number;
  mock: MockGraph;
  driver: Driver;
  db: DrillDb;
  number: BusinessNumber;
  appSecret: string;
  /** The instance every drill drives (restarted in place by kill-9). */
  primary: Instance;
  /** Starts another instance on the same database (same key, own port and log). */
  startInstance(logName: string): Promise<Instance>;
  /** The restartable PostgreSQL server hosting the app's database, when the drill could create one. */
  cluster: PrivateCluster | null;
  /** Why there is no restartable server (when cluster is null). */
  clusterNote: string;
  log(line: string): void;
}

export interface DrillReport {
  name: string;
  title: string;
  status: "pass" | "fail" | "skipped";
  result?: ScenarioResult;
  /** Drill-specific figures, in print order. */
  figures: [string, string][];
  failures: string[];
  notes: string[];
  seconds: number;
}

/** A `next start` process the drills can SIGKILL and start again on the same port and key. */
export class Instance {
  constructor(
    public app: RunningApp,
    private launch: AppLaunch,
  ) {}

  get baseUrl(): string {
    return this.app.baseUrl;
  }

  get webhookUrl(): string {
    return `${this.app.baseUrl}/api/webhooks/meta`;
  }

  alive(): boolean {
    return this.app.child.exitCode === null && this.app.child.signalCode === null;
  }

  /** SIGKILL the whole process group (npm/next wrapper and the server itself): nothing gets to clean up. */
  kill(): Promise<{ pid: number; comm: string }[]> {
    return killGroup(this.app.pid);
  }

  /** Starts it again with the same port, key, database and log (appended). */
  async restart(): Promise<void> {
    this.app = await startApp({ ...this.launch, port: this.app.port, encryptionKey: this.app.encryptionKey });
  }

  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.app.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.text();
      return res.ok;
    } catch {
      return false;
    }
  }

  stop(): Promise<void> {
    return this.app.stop();
  }
}

/** Meta redelivers unacknowledged webhooks for days; the drills retry for about two minutes, same bytes. */
const DRILL_RETRY: RetryPolicy = { attempts: 60, baseMs: 250, capMs: 2_000 };

/**
 * The provider as the drills model it: the bench's realistic latency (80–120 ms per send,
 * so sends are in flight when something breaks), and a send whose sender vanished before
 * the answer (SIGKILL) still reaches the customer, as at Meta.
 */
/**
 * The provider in every drill: Meta-like latency, a send whose caller hung up still goes
 * out, and a `sent` status webhook per accepted send (retried until the app takes it, as
 * Meta does). That status, which echoes the app's message id, is how the app learns the
 * fate of a send whose answer it never got.
 */
const PROVIDER: Partial<MockOptions> = { latencyMs: [80, 120], deliverIfClientGone: true, statuses: true, statusKinds: ["sent"] };
/** Quick kill-9: the killed process's sends wait this long instead of the 60 s lease (the app's own in-doubt wait is 10 s). */
const QUICK_IN_DOUBT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function openSpec(env: DrillEnv, name: string, durationS: number, extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  return {
    name,
    title: name,
    kind: "open",
    rate: env.rate,
    durationS,
    maxWallS: durationS + 60,
    drainS: env.quick ? 60 : 180,
    replyTimeoutS: 60,
    mock: PROVIDER,
    // A drill is about recovery: never stop early because replies are behind.
    maxOutstanding: Number.POSITIVE_INFINITY,
    maxUnanswered: Number.POSITIVE_INFINITY,
    retry: DRILL_RETRY,
    ...extra,
  };
}

function target(env: DrillEnv, urls: string[]): Target {
  return { label: "tickflow", webhookUrl: urls[0]!, webhookUrls: urls, number: env.number, appSecret: env.appSecret, cpuPid: env.primary.app.pid };
}

/** Per outbound message id (biz_opaque_callback_data), the sends the mock accepted and held. */
function deliveries(journal: JournalEntry[]) {
  const byMessage = new Map<string, { accepted: JournalEntry[]; held: number; failed: number }>();
  for (const e of journal) {
    if (!e.callbackData) continue;
    let d = byMessage.get(e.callbackData);
    if (!d) byMessage.set(e.callbackData, (d = { accepted: [], held: 0, failed: 0 }));
    if (e.outcome === "accepted") d.accepted.push(e);
    else if (e.outcome === "held") d.held++;
    else d.failed++;
  }
  return byMessage;
}

/**
 * The checks every drill shares, added to the report: no acked message lost, duplicated or
 * answered wrongly; every acked webhook stored; nothing left open or failed in the
 * database; every webhook eventually acked.
 */
async function commonChecks(env: DrillEnv, report: DrillReport, r: ScenarioResult, settled: { quiet: boolean; last: OpenWork }) {
  const f = report.failures;
  if (r.unacked > 0) f.push(`${r.unacked} webhook(s) never answered 200 after ${DRILL_RETRY.attempts} deliveries`);
  if (r.lost > 0) f.push(`${r.lost} acked message(s) got no reply`);
  const dup = r.duplicated;
  if (dup > 0) f.push(`${dup} duplicated repl${dup === 1 ? "y" : "ies"}`);
  if (r.wrong > 0) f.push(`${r.wrong} wrong repl${r.wrong === 1 ? "y" : "ies"}: ${r.wrongSamples.slice(0, 3).join("; ")}`);
  const missing = await env.db.notStored(r.ackedWamids);
  if (missing.noEvent.length > 0) f.push(`${missing.noEvent.length} webhook(s) answered 200 but not stored (e.g. ${missing.noEvent[0]})`);
  if (missing.noMessage.length > 0) f.push(`${missing.noEvent.length} acked webhook event(s) stored but never became a message (e.g. ${missing.noMessage[0]})`);
  if (!settled.quiet) f.push(`the app did not settle: ${describeWork(settled.last)}`);
  const out = await env.db.outboundSummary(r.contacts);
  if (out.failed > 0) f.push(`${out.failed} outbound message(s) failed for good (${Object.entries(out.failedCodes).map(([c, n]) => `${c} ×${n}`).join(", ")})`);
  if (settled.last.eventsFailed > 0) f.push(`${settled.last.eventsFailed} webhook event(s) failed for good`);
  return out;
}

function finish(report: DrillReport, started: number): DrillReport {
  report.seconds = (performance.now() - started) / 1000;
  if (report.status !== "skipped") report.status = report.failures.length ? "fail" : "pass";
  return report;
}

function newReport(name: string, title: string): DrillReport {
  return { name, title, status: "pass", figures: [], failures: [], notes: [], seconds: 0 };
}

function countAnswers() {
  const c = { ok: 0, refused: {} as Record<string, number>, slowestMs: 0 };
  return {
    c,
    add(status: number, ms = 0) {
      c.slowestMs = Math.max(c.slowestMs, ms);
      if (status === 200) c.ok++;
      else c.refused[status === 0 ? "network error" : String(status)] = (c.refused[status === 0 ? "network error" : String(status)] ?? 0) + 1;
    },
    text: () => `${fmtCount(c.ok)} × 200${Object.entries(c.refused).map(([k, n]) => `, ${fmtCount(n)} × ${k}`).join("")}${c.slowestMs > 0 ? `; slowest answer ${secs(c.slowestMs)}` : ""}`,
    refusedTotal: () => Object.values(c.refused).reduce((s, n) => s + n, 0),
  };
}

// ── a. kill -9 ───────────────────────────────────────────────────────────────

export async function killDrill(env: DrillEnv): Promise<DrillReport> {
  const started = performance.now();
  const report = newReport("kill-9", "SIGKILL the app mid-run, restart it on the same database and port");
  const durationS = env.quick ? 12 : 40;
  const killAfterMs = (env.quick ? 4 : 15) * 1000;
  const journal: JournalEntry[] = (env.mock.journal = []);
  let killAt = Infinity;
  let restartBegan: Date | null = null;
  let restartedAt = 0;
  const down = countAnswers();
  let leftOver = null as { events: number; outbound: number } | null;

  const spec = openSpec(env, "kill-9", durationS, {
    observe: ({ status, sentAt, ms }) => {
      if (sentAt >= killAt && (restartedAt === 0 || sentAt < restartedAt)) down.add(status, ms);
    },
    settle: async () => {
      // Quick: end the dead process's leases now instead of waiting them out (30 s / 60 s).
      if (env.quick && restartBegan) await env.db.expireLeases(restartBegan, QUICK_IN_DOUBT_MS);
      settled = await env.db.waitQuiet(env.quick ? 60_000 : 180_000, 3_000);
    },
  });
  let settled = { quiet: false, waitedMs: 0, last: await env.db.openWork() };

  const chaos = (async () => {
    await sleep(killAfterMs);
    killAt = performance.now();
    const killedAt = new Date();
    const killed = await env.primary.kill();
    env.log(`  SIGKILL process group ${env.primary.app.pid}: ${killed.map((k) => `${k.pid} (${k.comm})`).join(", ")}`);
    report.figures.push(["killed", `${killed.length} process(es): ${killed.map((k) => k.comm).join(", ")}`]);
    restartBegan = new Date();
    await env.primary.restart();
    restartedAt = performance.now();
    env.log(`  restarted: pid ${env.primary.app.pid}, healthy ${secs(restartedAt - killAt)} after the kill`);
    leftOver = await env.db.openFrom(killedAt);
    if (env.quick) {
      const expired = await env.db.expireLeases(restartBegan, QUICK_IN_DOUBT_MS);
      report.notes.push(`--quick: the killed process's leases were cut at restart (${expired.events} webhook events at once, ${expired.outbound} outbound messages to ${QUICK_IN_DOUBT_MS / 1000} s) instead of waited out (30 s, 60 s); the full drill waits for them.`);
    }
  })();

  const r = await env.driver.run(spec, target(env, [env.primary.webhookUrl]), env.log);
  await chaos;
  env.mock.journal = null;

  const byMessage = deliveries(journal);
  let crashWindow = 0;
  let otherResends = 0;
  for (const d of byMessage.values()) {
    if (d.accepted.length < 2) continue;
    // Taken by the provider before the kill (or in flight at the kill, its answer lost), then
    // sent again: the app died between the provider taking it and the app recording that.
    const first = d.accepted[0]!;
    if (first.at < killAt || first.answerLost) crashWindow += d.accepted.length - 1;
    else otherResends += d.accepted.length - 1;
  }
  const out = await commonChecks(env, report, r, settled);
  if (otherResends > 0) report.failures.push(`${otherResends} outbound message(s) sent again although the provider had accepted them after the restart`);
  if (crashWindow > 0)
    report.failures.push(
      `${crashWindow} repl${crashWindow === 1 ? "y" : "ies"} the provider had taken before the kill (or while the killed process waited for its answer) went out again: its \`sent\` status webhook should have settled ${crashWindow === 1 ? "it" : "them"} before the restarted app's retry`,
    );
  report.result = r;
  report.figures.push(
    ["down (kill → healthy)", restartedAt ? secs(restartedAt - killAt) : "never came back"],
    ["webhooks sent from the kill until healthy again", down.text()],
    ["left open by the killed process", leftOver ? `${leftOver.events} webhook events, ${leftOver.outbound} outbound messages (at the restart)` : "?"],
    ["settled after the drain", `${secs(settled.waitedMs)}${settled.quiet ? "" : " (not quiet)"}`],
    ["outbound messages", `${fmtCount(out.total)}, ${fmtCount(out.retried)} claimed more than once`],
    ["sends whose answer the killed process never recorded, settled by their status webhook", fmtCount(out.settledByStatus)],
    ["sent again after the crash", `${crashWindow}`],
  );
  return finish(report, started);
}

// ── b. provider outage ───────────────────────────────────────────────────────

export async function outageDrill(env: DrillEnv): Promise<DrillReport> {
  const started = performance.now();
  const report = newReport(
    "provider-outage",
    "Graph API answers 500 to every send, then holds every send unanswered, then takes every send but never answers, then recovers",
  );
  const phases = env.quick ? { before: 3, errors: 6, hold: 6, taken: 4, after: 4 } : { before: 5, errors: 30, hold: 20, taken: 10, after: 10 };
  const durationS = phases.before + phases.errors + phases.hold + phases.taken + phases.after;
  // Held sends are dropped after 20 s, later than the app's own send timeout (15 s).
  const holdMs = 20_000;
  const journal: JournalEntry[] = (env.mock.journal = []);
  let recoveredAt = Infinity;
  let settled = { quiet: false, waitedMs: 0, last: await env.db.openWork() };
  const spec = openSpec(env, "provider-outage", durationS, {
    drainS: env.quick ? 90 : 240,
    settle: async () => {
      settled = await env.db.waitQuiet(env.quick ? 90_000 : 240_000, 3_000);
    },
  });
  const chaos = (async () => {
    await sleep(phases.before * 1000);
    env.mock.setOptions({ ...PROVIDER, failRate: 1 });
    env.log(`  provider: every send → 500 for ${phases.errors} s`);
    await sleep(phases.errors * 1000);
    env.mock.setOptions({ ...PROVIDER, timeoutRate: 1, timeoutHoldMs: holdMs });
    env.log(`  provider: every send held unanswered for ${phases.hold} s (each dropped after ${holdMs / 1000} s)`);
    await sleep(phases.hold * 1000);
    env.mock.setOptions({ ...PROVIDER, timeoutRate: 1, timeoutHoldMs: holdMs, heldTaken: true });
    env.log(`  provider: every send taken (delivered, sent status posted) but never answered for ${phases.taken} s`);
    await sleep(phases.taken * 1000);
    env.mock.setOptions(PROVIDER);
    recoveredAt = performance.now();
    env.log("  provider: back to normal");
  })();
  const r = await env.driver.run(spec, target(env, [env.primary.webhookUrl]), env.log);
  await chaos;
  env.mock.journal = null;

  const byMessage = deliveries(journal);
  let resent = 0;
  let heldThenDelivered = 0;
  let takenUnanswered = 0;
  let failedThenDelivered = 0;
  let lastDelivery = 0;
  let counts = { accepted: 0, failed500: 0, held: 0 };
  for (const e of journal) {
    counts = { ...counts, [e.outcome]: counts[e.outcome] + 1 };
    if (e.outcome === "accepted") lastDelivery = Math.max(lastDelivery, e.at);
  }
  for (const d of byMessage.values()) {
    if (d.accepted.length > 1) resent += d.accepted.length - 1;
    if (d.accepted[0]?.answerLost && d.held > 0) takenUnanswered++;
    else if (d.held > 0 && d.accepted.length > 0) heldThenDelivered++;
    if (d.failed > 0 && d.accepted.length > 0) failedThenDelivered++;
  }
  const out = await commonChecks(env, report, r, settled);
  if (resent > 0) report.failures.push(`${resent} outbound message(s) accepted by the provider more than once`);
  report.result = r;
  report.figures.push(
    ["provider answers", `${fmtCount(counts.accepted)} × 200, ${fmtCount(counts.failed500)} × 500, ${fmtCount(counts.held)} held (timed out)`],
    ["messages that met a 500, then delivered", fmtCount(failedThenDelivered)],
    ["messages that met a timeout, then delivered", fmtCount(heldThenDelivered)],
    ["messages taken but never answered (settled by their sent status, not resent)", fmtCount(takenUnanswered)],
    ["most attempts for one message", `${out.maxAttempts} (the dispatcher gives up after 8)`],
    ["last reply after the provider recovered", Number.isFinite(recoveredAt) && lastDelivery > recoveredAt ? secs(lastDelivery - recoveredAt) : "–"],
    ["delivered more than once", `${resent} (counting only sends the mock answered 200)`],
  );
  if (takenUnanswered === 0) report.failures.push("no send was taken without an answer (the drill's load did not reach that phase?)");
  report.notes.push(
    "A send that times out may or may not have reached the provider. WhatsApp's send API has no idempotency key, so the dispatcher waits at least 10 s before retrying such a send: the provider's `sent` status webhook, which echoes the app's message id, settles the ones it took, and only the others are sent again.",
  );
  return finish(report, started);
}

// ── c. PostgreSQL restart ────────────────────────────────────────────────────

export async function pgRestartDrill(env: DrillEnv): Promise<DrillReport> {
  const started = performance.now();
  const report = newReport("pg-restart", "restart the PostgreSQL server mid-run (pg_ctl stop -m fast, start)");
  const cluster = env.cluster;
  if (!cluster) {
    report.status = "skipped";
    report.notes.push(`skipped: no PostgreSQL server the drill may restart (${env.clusterNote})`);
    return finish(report, started);
  }
  const durationS = env.quick ? 12 : 40;
  const stopAfterMs = (env.quick ? 4 : 12) * 1000;
  const downMs = (env.quick ? 3 : 10) * 1000;
  const journal: JournalEntry[] = (env.mock.journal = []);
  const pid = env.primary.app.pid;
  let stopAt = Infinity;
  let startedAt = 0;
  let healthyAt = 0;
  const down = countAnswers();
  const afterStart = countAnswers();
  let settled = { quiet: false, waitedMs: 0, last: await env.db.openWork() };
  const spec = openSpec(env, "pg-restart", durationS, {
    observe: ({ status, sentAt, ms }) => {
      if (sentAt >= stopAt && (startedAt === 0 || sentAt < startedAt)) down.add(status, ms);
      else if (startedAt > 0 && sentAt >= startedAt && (healthyAt === 0 || sentAt < healthyAt)) afterStart.add(status, ms);
    },
    settle: async () => {
      settled = await env.db.waitQuiet(env.quick ? 60_000 : 180_000, 3_000);
    },
  });
  const chaos = (async () => {
    await sleep(stopAfterMs);
    stopAt = performance.now();
    const logFrom = cluster.logSize();
    await cluster.stop("fast");
    const stopMs = performance.now() - stopAt;
    env.log(`  PostgreSQL stopped (${secs(stopMs)}); down for ${secs(downMs)}`);
    if (stopMs > 5_000) {
      // A fast shutdown normally takes well under a second: show what PostgreSQL was waiting for.
      const lines = cluster.logSince(logFrom).trim().split("\n");
      report.notes.push(`the fast shutdown took ${secs(stopMs)}; the server log during it (last 15 lines):\n${lines.slice(-15).map((l) => `      ${l}`).join("\n")}`);
    }
    await sleep(downMs);
    await cluster.start();
    startedAt = performance.now();
    env.log(`  PostgreSQL started again ${secs(startedAt - stopAt)} after the stop`);
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline && !(await env.primary.healthy())) await sleep(100);
    healthyAt = performance.now();
    env.log(`  app healthy ${secs(healthyAt - startedAt)} after PostgreSQL came back`);
    // No lease is ended early here, even with --quick: the app lived through the restart and
    // still holds its interrupted work (a send the provider accepted, waiting to be recorded;
    // an event whose turn failed) in memory, retrying it. Ending those leases from outside
    // would let a second claim resend what the first is about to record.
  })();
  const r = await env.driver.run(spec, target(env, [env.primary.webhookUrl]), env.log);
  await chaos;
  env.mock.journal = null;

  let firstReplyAfterStart = Infinity;
  for (const e of journal) if (e.outcome === "accepted" && e.at > startedAt) firstReplyAfterStart = Math.min(firstReplyAfterStart, e.at);
  const byMessage = deliveries(journal);
  let resent = 0;
  for (const d of byMessage.values()) if (d.accepted.length > 1) resent += d.accepted.length - 1;

  if (!env.primary.alive() || env.primary.app.pid !== pid) report.failures.push("the app process died with the database");
  if (!(await env.primary.healthy())) report.failures.push("GET /api/health is not ok after the restart");
  if (down.c.ok > 0) report.notes.push(`${down.c.ok} webhook(s) sent while PostgreSQL was down were answered 200 (the app held them until it was back; every 200 is checked to be stored).`);
  if (down.refusedTotal() === 0) report.failures.push("no webhook was refused while PostgreSQL was down (the drill's load did not reach the outage?)");
  await commonChecks(env, report, r, settled);
  if (resent > 0) report.failures.push(`${resent} repl${resent === 1 ? "y" : "ies"} sent twice: the provider accepted ${resent === 1 ? "it" : "them"}, the app could not record that while PostgreSQL was down, and sent again`);
  report.result = r;
  report.figures.push(
    ["PostgreSQL down", secs(startedAt - stopAt)],
    ["webhooks sent while down", down.text()],
    ["webhooks sent after it came back, before /api/health was ok", afterStart.text()],
    ["app healthy after PostgreSQL came back", healthyAt ? secs(healthyAt - startedAt) : "never"],
    ["first reply after PostgreSQL came back", Number.isFinite(firstReplyAfterStart) ? secs(firstReplyAfterStart - startedAt) : "none"],
    ["settled after the drain", `${secs(settled.waitedMs)}${settled.quiet ? "" : " (not quiet)"}`],
    ["sent twice", String(resent)],
  );
  return finish(report, started);
}

// ── 2. two instances ─────────────────────────────────────────────────────────

/** Two runs of the same drill counted as one. */
function mergeResults(a: ScenarioResult, b: ScenarioResult): ScenarioResult {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, n] of Object.entries(y)) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  return {
    ...a,
    sent: a.sent + b.sent,
    acked: a.acked + b.acked,
    unacked: a.unacked + b.unacked,
    retried: a.retried + b.retried,
    replies: a.replies + b.replies,
    lost: a.lost + b.lost,
    duplicated: a.duplicated + b.duplicated,
    wrong: a.wrong + b.wrong,
    wrongSamples: [...a.wrongSamples, ...b.wrongSamples].slice(0, 5),
    refusals: add(a.refusals, b.refusals),
    networkErrors: add(a.networkErrors, b.networkErrors),
    ackedWamids: [...a.ackedWamids, ...b.ackedWamids],
    contacts: [...a.contacts, ...b.contacts],
  };
}

export async function twoInstancesDrill(env: DrillEnv): Promise<DrillReport> {
  const started = performance.now();
  const report = newReport("two-instances", "two next start processes on one database, webhooks split round-robin, a contact's messages back to back");
  const steadyS = env.quick ? 8 : 30;
  const backlogS = env.quick ? 3 : 5;
  // A backlog is when order is at risk (processing lags the 200s): after an outage Meta
  // redelivers in bursts. Twice what the app managed in the probe, or four times the rate.
  const backlogRate = Math.max(env.rate * 2, Math.round(env.capacity !== undefined ? env.capacity * 2 : env.rate * 4));
  const second = await env.startInstance("next-start-2.log");
  env.log(`  second instance on ${second.baseUrl} (pid ${second.app.pid})`);
  const journal: JournalEntry[] = (env.mock.journal = []);
  const settles: { quiet: boolean; waitedMs: number; last: OpenWork }[] = [];
  const urls = [env.primary.webhookUrl, second.webhookUrl];
  try {
    const phase = (name: string, durationS: number, rate: number) =>
      openSpec(env, name, durationS, {
        rate,
        drainS: env.quick ? 30 : 60,
        // A contact's next message leaves on the previous one's 200, usually to the other instance.
        burst: true,
        // Every fourth contact says hi and nothing more: its session waits with a timer.
        shapeScript: (n, script) => (n % 4 === 3 ? script.slice(0, 1) : script),
        settle: async () => {
          settles.push(await env.db.waitQuiet(env.quick ? 90_000 : 240_000, 3_000));
        },
      });
    env.log(`  steady: ${env.rate} msg/s for ${steadyS} s`);
    const steady = await env.driver.run(phase("two-instances", steadyS, env.rate), target(env, urls), env.log);
    env.log(`  backlog: ${backlogRate} msg/s for ${backlogS} s`);
    const backlog = await env.driver.run(phase("two-instances-backlog", backlogS, backlogRate), target(env, urls), env.log);
    const r = mergeResults(steady, backlog);
    env.mock.journal = null;
    const byMessage = deliveries(journal);
    let resent = 0;
    for (const d of byMessage.values()) if (d.accepted.length > 1) resent += d.accepted.length - 1;
    const settled = settles.find((x) => !x.quiet) ?? settles[settles.length - 1]!;
    await commonChecks(env, report, r, settled);
    if (resent > 0) report.failures.push(`${resent} outbound message(s) sent more than once`);
    const disorderSteady = await env.db.outOfOrder(steady.contacts);
    const disorderBacklog = await env.db.outOfOrder(backlog.contacts);
    const disorder = [...disorderSteady, ...disorderBacklog];
    if (disorder.length > 0)
      report.failures.push(
        `${disorder.length} contact(s) had their messages processed out of order (${disorderSteady.length} steady, ${disorderBacklog.length} backlog), e.g. ${disorder[0]!.waId}: ${disorder[0]!.processed.map((id) => id.slice(-6)).join(" → ")} (ids in sending order)`,
      );
    env.log("  timers: making the waiting sessions' timers due now…");
    const timers = await env.db.fireTimers(r.contacts, env.quick ? 45_000 : 60_000);
    if (timers.timers === 0) report.failures.push("no timer was pending (the drill's hi-only contacts should each have one)");
    if (timers.fired < timers.timers) report.failures.push(`${timers.timers - timers.fired} of ${timers.timers} timers did not fire`);
    // A job whose turn failed (rolled back) is claimed again after a short backoff: that is
    // a retry, not a double fire; applying a timer twice is what must never happen.
    if (timers.claimedTwice > 0) report.notes.push(`${timers.claimedTwice} timer job(s) claimed more than once (retried after a failed turn)`);
    if (timers.appliedTwice > 0) report.failures.push(`${timers.appliedTwice} session(s) had a timer applied more than once`);
    if (timers.sessionsEnded !== timers.fired) report.failures.push(`${timers.fired} timers fired but ${timers.sessionsEnded} sessions ended by inactivity`);
    const stillQuiet = await env.db.waitQuiet(10_000, 1_000);
    if (!stillQuiet.quiet) report.failures.push(`work left after the timers: ${describeWork(stillQuiet.last)}`);
    if (!second.alive()) report.failures.push("the second instance died");
    report.result = r;
    const partLine = (x: ScenarioResult) => `${fmtCount(x.sent)} sent, ${fmtCount(x.replies)} replied, ${x.lost} lost, ${x.duplicated} dup, ${x.wrong} wrong`;
    report.figures.push(
      ["steady", `${env.rate} msg/s for ${steadyS} s: ${partLine(steady)}`],
      ["backlog", `${backlogRate} msg/s for ${backlogS} s: ${partLine(backlog)}`],
      ["contacts", `${fmtCount(r.contacts.length)} (every fourth says hi only)`],
      ["processed out of order", `${disorderSteady.length} steady, ${disorderBacklog.length} backlog`],
      ["sent more than once", String(resent)],
      ["timers", `${timers.timers} due, ${timers.fired} fired, ${timers.claimedTwice} claimed twice, ${timers.appliedTwice} applied twice, ${timers.sessionsEnded} sessions ended`],
      ["settled after the drains", settles.map((x) => `${secs(x.waitedMs)}${x.quiet ? "" : " (not quiet)"}`).join(", ")],
    );
    if (r.duplicated > 0 && resent === 0)
      report.notes.push("No outbound message was sent twice: the duplicated replies are separate replies with the same text (e.g. the menu twice), written because messages were processed out of order.");
    if (disorder.length > 0)
      report.notes.push(
        "Out of order: each instance keeps a contact's messages in order in its own queue, and the conversation's advisory lock makes instances take turns, but nothing makes them take turns in arrival order — the instance that stored a contact's later message can lock the conversation first while the earlier one still waits in the other instance's queue.",
      );
  } finally {
    env.mock.journal = null;
    await second.stop();
  }
  return finish(report, started);
}

export const DRILLS = {
  "kill-9": killDrill,
  "provider-outage": outageDrill,
  "pg-restart": pgRestartDrill,
  "two-instances": twoInstancesDrill,
} as const;

export type DrillName = keyof typeof DRILLS;
