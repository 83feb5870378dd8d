import http from "node:http";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { contactName, contactWaId, scriptFor, type DemoTexts, type Step } from "./demo-script";
import { inboundTextPayload, metaJson, metaSignature, type BusinessNumber } from "./meta-wire";
import type { MockCounters, MockGraph, MockOptions, RecordedSend } from "./mock-graph";
import { postgresCpuSeconds, selfCpuSeconds, treeCpuSeconds } from "./proc";
import { Samples } from "./stats";

/**
 * The load generator. Contacts walk the demo flow; every inbound message is correlated
 * with the reply the mock Graph API records for that contact, in order:
 *   - closed loop: N virtual users, each sends a message, waits for its ack and its reply,
 *     then sends the next step (a fresh contact after the last step);
 *   - open loop: messages leave at fixed intended times (start + i / rate) whatever
 *     happened before; latency is measured from the intended time, so a stalled server or
 *     a late timer shows up in the figures instead of being omitted. A contact never has
 *     two messages in flight: the next step of a contact goes out only after its reply.
 */

export interface Target {
  label: "tickflow" | "baseline";
  webhookUrl: string;
  /** Several instances behind a round-robin split: each webhook POST (and each retry) goes to the next URL. */
  webhookUrls?: string[];
  number: BusinessNumber;
  appSecret: string;
  /** Root of the process tree whose CPU is charged to the target. */
  cpuPid: number;
}

export interface ScenarioSpec {
  name: string;
  title: string;
  kind: "closed" | "open";
  /** Closed loop: messages in flight. */
  inFlight?: number;
  /** Closed loop: total messages. */
  messages?: number;
  /** Open loop: messages per second and seconds. */
  rate?: number;
  durationS?: number;
  /** Hard bound on the sending phase. */
  maxWallS: number;
  /** After the last send, wait this long at most for the remaining replies. */
  drainS: number;
  /** Closed loop: give up on a contact whose reply has not come in this time. */
  replyTimeoutS: number;
  mock: Partial<MockOptions>;
  /** Fraction of acked webhooks delivered a second time (same id, same bytes), as Meta may. */
  redeliver?: number;
  /** Open loop: stop early when this many webhooks await their ack (default 5,000). */
  maxOutstanding?: number;
  /**
   * Open loop: stop early when this many acked messages await their reply (default: 5 s
   * worth at the scenario's rate), so a server that cannot keep up is not buried under a
   * backlog that would spill into the next scenario.
   */
  maxUnanswered?: number;
  /** Closed loop: send the next message on the ack, without waiting for the reply (measures intake alone). */
  ackOnly?: boolean;
  /**
   * Open loop: a contact's next step goes out as soon as the previous one is acked, without
   * waiting for its reply, so one contact has several messages in flight and the server
   * must keep their order (default: the next step waits for the reply).
   */
  burst?: boolean;
  /** Changes contact n's script (e.g. stop after the first step); default: the demo walk of demo-script.ts. */
  shapeScript?: (n: number, script: Step[]) => Step[];
  /** How a non-200 (or a network error) is delivered again, same bytes (default: 4 attempts, 250 ms doubling). */
  retry?: RetryPolicy;
  /** Sees every webhook answer (status 0 = network error or timeout), e.g. to count refusals per phase. */
  observe?: (answer: { wamid: string; status: number; attempt: number; sentAt: number; ms: number }) => void;
  /**
   * After the drain, before the figures are taken: replies arriving meanwhile still count
   * (e.g. wait until the server's database has nothing left to do, to catch late duplicates).
   */
  settle?: () => Promise<void>;
}

/** Meta redelivers a webhook that was not answered 200, with growing pauses; `attempts` includes the first. */
export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  capMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 250, capMs: 1_000 };

export interface ScenarioResult {
  scenario: string;
  target: Target["label"];
  sent: number;
  acked: number;
  unacked: number;
  retried: number;
  redelivered: number;
  replies: number;
  lost: number;
  duplicated: number;
  wrong: number;
  wrongSamples: string[];
  ackP50: number;
  ackP99: number;
  acksPerS: number;
  e2eP50: number;
  e2eP99: number;
  repliesPerS: number;
  sendSeconds: number;
  appCpuMsPerMsg: number;
  appCores: number;
  dbCpuMsPerMsg: number;
  driverCores: number;
  statusPosts: number;
  statusErrors: number;
  statusAckP99: number;
  stoppedEarly?: string;
  /** Non-200 answers to webhook POSTs by status ("0" = network error or timeout), retries included. */
  refusals: Record<string, number>;
  /** The network errors behind the "0" refusals, by error code (ECONNREFUSED, UND_ERR_SOCKET, UND_ERR_HEADERS_TIMEOUT…). */
  networkErrors: Record<string, number>;
  /** The ids (wamid) of the messages that were acked, for checks against the server's database. */
  ackedWamids: string[];
  /** Every contact (wa_id) that wrote in this scenario. */
  contacts: string[];
  /** Lost messages whose reply came after the deadline, before the whole run ended (updated after the scenario). */
  lateReplies: number;
  /** Set by the caller: the state of the machine when the scenario started. */
  startNote?: string;
  mock: MockCounters;
}

interface Pending {
  contact: Contact;
  wamid: string;
  body: string;
  signature: string;
  expect: string;
  /** Reference for latencies: actual send (closed loop) or intended send (open loop). */
  sentAt: number;
  acked: boolean;
  replies: number;
  answered?: (ok: boolean) => void;
}

interface Contact {
  n: number;
  waId: string;
  name: string;
  script: Step[];
  step: number;
  queue: Pending[];
  last?: Pending;
  run: Run;
}

class Run {
  sent = 0;
  acked = 0;
  retried = 0;
  redelivered = 0;
  replies = 0;
  duplicated = 0;
  wrong = 0;
  wrongSamples: string[] = [];
  ack = new Samples();
  e2e = new Samples();
  statusAck = new Samples();
  statusErrors = 0;
  refusals: Record<string, number> = {};
  networkErrors: Record<string, number> = {};
  firstSend = Infinity;
  lastSend = 0;
  lastAck = 0;
  lastReply = 0;
  awaitingAck = 0;
  unanswered = 0;
  all: Pending[] = [];
  sending = true;
  /** Past the drain: no more retries, late answers do not count. */
  closed = false;
  /** Open loop: contacts whose next step may go. */
  ready: Contact[] = [];
  /** Open loop, burst: the next step follows the ack (queued by deliver), not the reply. */
  burst = false;
  shapeScript?: ScenarioSpec["shapeScript"];
  /** The figures once the scenario has ended (late replies are added to it). */
  result?: ScenarioResult;

  noteWrong(detail: string): void {
    this.wrong++;
    if (this.wrongSamples.length < 5) this.wrongSamples.push(detail);
  }
}

/** Nothing answers: stop instead of sending into the void until the wall-time bound. */
function noReplyAtAll(run: Run, spec: ScenarioSpec): boolean {
  return run.replies === 0 && run.sent > 0 && performance.now() - run.firstSend > spec.replyTimeoutS * 1000 + 2_000;
}

export type WebhookClient = "undici" | "http";

/** Posts signed webhook bodies to one URL over keep-alive connections; resolves the HTTP status (0 = network error or timeout). */
interface Sender {
  post(body: string, signature: string): Promise<number>;
  close(): Promise<void>;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

function webhookHeaders(body: string, signature: string): Record<string, string> {
  return { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "x-hub-signature-256": signature, "user-agent": "facebookexternalua" };
}

/** Round-robin over several URLs (instances behind a load balancer), one keep-alive pool each. */
function createSender(client: WebhookClient, webhookUrls: string[], connections: number, noteError: (err: unknown) => void = () => {}): Sender {
  if (webhookUrls.length === 1) return createOneSender(client, webhookUrls[0]!, connections, noteError);
  const senders = webhookUrls.map((u) => createOneSender(client, u, connections, noteError));
  let next = 0;
  return {
    post: (body, signature) => senders[next++ % senders.length]!.post(body, signature),
    close: async () => {
      await Promise.all(senders.map((s) => s.close()));
    },
  };
}

function createOneSender(client: WebhookClient, webhookUrl: string, connections: number, noteError: (err: unknown) => void): Sender {
  const url = new URL(webhookUrl);
  if (client === "undici") {
    // undici's Pool: measured here ~10 % less driver CPU per webhook than http.request.
    const pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    return {
      async post(body, signature) {
        try {
          const res = await pool.request({ path: url.pathname, method: "POST", headers: webhookHeaders(body, signature), body, headersTimeout: WEBHOOK_TIMEOUT_MS, bodyTimeout: WEBHOOK_TIMEOUT_MS });
          await res.body.dump();
          return res.statusCode;
        } catch (err) {
          noteError(err);
          return 0;
        }
      },
      close: () => pool.destroy(),
    };
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  return {
    post: (body, signature) =>
      new Promise((resolve) => {
        const req = http.request(
          { hostname: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, timeout: WEBHOOK_TIMEOUT_MS, headers: webhookHeaders(body, signature) },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
            res.on("error", () => resolve(0));
          },
        );
        req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
        req.on("error", (err) => {
          noteError(err);
          resolve(0);
        });
        req.end(body);
      }),
    close: async () => agent.destroy(),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Driver {
  private contacts = new Map<string, Contact>();
  private nextContact = 0;
  private nextMessage = 0;
  private current: Run | null = null;
  /** Replies that came after their scenario had ended (or outside any scenario). */
  strayReplies = 0;
  private readonly tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  constructor(
    private mock: MockGraph,
    private texts: DemoTexts,
    private client: WebhookClient = "undici",
  ) {
    mock.onReply = (send) => this.onReply(send);
    mock.onStatusAck = (ms, status) => {
      if (!this.current) return;
      this.current.statusAck.push(ms);
      if (status !== 200) this.current.statusErrors++;
    };
  }

  /** Runs one scenario against one target and returns its figures. */
  async run(spec: ScenarioSpec, target: Target, log: (line: string) => void = () => {}): Promise<ScenarioResult> {
    const run = new Run();
    run.burst = spec.kind === "open" && spec.burst === true;
    run.shapeScript = spec.shapeScript;
    this.current = run;
    this.mock.setOptions(spec.mock);
    this.mock.resetCounters();
    const noteError = (err: unknown) => {
      const code = (err as { code?: string } | null)?.code ?? (err as Error | null)?.name ?? "error";
      run.networkErrors[code] = (run.networkErrors[code] ?? 0) + 1;
    };
    const agent = createSender(this.client, target.webhookUrls ?? [target.webhookUrl], spec.kind === "closed" ? (spec.inFlight ?? 64) + 16 : 256, noteError);

    const cpu0 = { app: treeCpuSeconds(target.cpuPid), db: postgresCpuSeconds(), self: selfCpuSeconds(), t: performance.now() };
    let stoppedEarly: string | undefined;
    try {
      stoppedEarly = spec.kind === "closed" ? await this.closedLoop(spec, target, agent, run) : await this.openLoop(spec, target, agent, run);
      run.sending = false;
      await this.drain(run, spec.drainS * 1000);
      await spec.settle?.();
      await Promise.race([this.mock.statusesSettled(), sleep(15_000)]);
    } finally {
      run.sending = false;
      run.closed = true;
      await agent.close();
    }
    const cpu1 = { app: treeCpuSeconds(target.cpuPid), db: postgresCpuSeconds(), self: selfCpuSeconds(), t: performance.now() };
    const wall = (cpu1.t - cpu0.t) / 1000;
    this.current = null;

    const lost = run.all.filter((p) => p.acked && p.replies === 0).length;
    // Never acked: refused after every retry, or still unanswered when the drain ended.
    const unacked = run.all.filter((p) => !p.acked).length;
    const sendSeconds = (run.lastSend - run.firstSend) / 1000;
    const mock = this.mock.resetCounters();
    if (lost > 0) log(`  ${lost} acked message(s) got no reply within ${spec.drainS} s of the last send`);
    return (run.result = {
      scenario: spec.name,
      target: target.label,
      sent: run.sent,
      acked: run.acked,
      unacked,
      retried: run.retried,
      redelivered: run.redelivered,
      replies: run.replies,
      lost,
      duplicated: run.duplicated,
      wrong: run.wrong,
      wrongSamples: run.wrongSamples,
      ackP50: run.ack.p(50),
      ackP99: run.ack.p(99),
      acksPerS: run.acked / ((run.lastAck - run.firstSend) / 1000),
      e2eP50: run.e2e.p(50),
      e2eP99: run.e2e.p(99),
      repliesPerS: run.replies / ((run.lastReply - run.firstSend) / 1000),
      sendSeconds,
      appCpuMsPerMsg: ((cpu1.app - cpu0.app) * 1000) / run.sent,
      appCores: (cpu1.app - cpu0.app) / wall,
      dbCpuMsPerMsg: ((cpu1.db - cpu0.db) * 1000) / run.sent,
      driverCores: (cpu1.self - cpu0.self) / wall,
      statusPosts: run.statusAck.length,
      statusErrors: run.statusErrors,
      statusAckP99: run.statusAck.p(99),
      stoppedEarly,
      refusals: run.refusals,
      networkErrors: run.networkErrors,
      ackedWamids: run.all.filter((p) => p.acked).map((p) => p.wamid),
      contacts: [...new Set(run.all.map((p) => p.contact.waId))],
      lateReplies: 0,
      mock,
    });
  }

  // ── closed loop ────────────────────────────────────────────────────────────

  private async closedLoop(spec: ScenarioSpec, target: Target, agent: Sender, run: Run): Promise<string | undefined> {
    const total = spec.messages ?? 1000;
    const deadline = performance.now() + spec.maxWallS * 1000;
    let stopped: string | undefined;
    const budget = () => {
      if (run.sent >= total) return false;
      if (performance.now() > deadline) {
        stopped ??= `wall-time bound (${spec.maxWallS} s) reached after ${run.sent} messages`;
        return false;
      }
      if (!spec.ackOnly && noReplyAtAll(run, spec)) {
        stopped ??= `stopped after ${run.sent} messages: no reply at all within ${spec.replyTimeoutS} s`;
        return false;
      }
      return true;
    };
    const user = async () => {
      while (budget()) {
        const contact = this.newContact(run);
        for (const step of contact.script) {
          if (!budget()) return;
          const pending = this.prepare(contact, step, target, performance.now());
          if (spec.ackOnly) {
            // Intake only: every message is a fresh contact's "hi"; nothing is awaited but the ack.
            await this.deliver(pending, agent, run, spec);
            break;
          }
          const answered = new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), spec.replyTimeoutS * 1000);
            pending.answered = (ok) => {
              clearTimeout(timer);
              resolve(ok);
            };
          });
          const acked = await this.deliver(pending, agent, run, spec);
          if (!acked || !(await answered)) break; // this contact's state is unknown now: take a fresh one
        }
      }
    };
    await Promise.all(Array.from({ length: spec.inFlight ?? 64 }, user));
    return stopped;
  }

  // ── open loop ──────────────────────────────────────────────────────────────

  private openLoop(spec: ScenarioSpec, target: Target, agent: Sender, run: Run): Promise<string | undefined> {
    const rate = spec.rate ?? 100;
    const total = Math.round(rate * (spec.durationS ?? 10));
    const interval = 1000 / rate;
    const maxOutstanding = spec.maxOutstanding ?? 5_000;
    const maxUnanswered = spec.maxUnanswered ?? rate * 5;
    const start = performance.now() + 5;
    const deadline = start + spec.maxWallS * 1000;
    let i = 0;
    return new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (i < total && start + i * interval <= now) {
          if (run.awaitingAck > maxOutstanding) return resolve(`stopped after ${i} messages: ${run.awaitingAck} webhooks awaiting their ack`);
          if (run.unanswered > maxUnanswered) return resolve(`stopped after ${i} messages: ${run.unanswered} acked messages awaiting their reply (not keeping up)`);
          if (now > deadline) return resolve(`wall-time bound (${spec.maxWallS} s) reached after ${i} messages`);
          if (noReplyAtAll(run, spec)) return resolve(`stopped after ${i} messages: no reply at all within ${spec.replyTimeoutS} s`);
          const contact = run.ready.shift() ?? this.newContact(run);
          const step = contact.script[contact.step]!;
          const pending = this.prepare(contact, step, target, start + i * interval);
          void this.deliver(pending, agent, run, spec).then((acked) => {
            // Burst: the contact's next step follows the ack, not the reply.
            if (spec.burst && acked && run.sending && contact.step < contact.script.length) run.ready.push(contact);
          });
          i++;
        }
        if (i >= total) return resolve(undefined);
        setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
      };
      setTimeout(tick, 5);
    });
  }

  // ── messages ───────────────────────────────────────────────────────────────

  private newContact(run: Run): Contact {
    const n = this.nextContact++;
    const waId = contactWaId(n);
    const standard = scriptFor(this.texts, n, `user${n}@example.com`);
    const script = run.shapeScript?.(n, standard) ?? standard;
    const contact: Contact = { n, waId, name: contactName(n), script, step: 0, queue: [], run };
    this.contacts.set(waId, contact);
    return contact;
  }

  private prepare(contact: Contact, step: Step, target: Target, sentAt: number): Pending {
    const wamid = `wamid.bench${this.tag}${(this.nextMessage++).toString(36).padStart(6, "0")}`;
    const body = metaJson(inboundTextPayload(target.number, { waId: contact.waId, name: contact.name, wamid, text: step.send }));
    const pending: Pending = { contact, wamid, body, signature: metaSignature(target.appSecret, body), expect: step.expect, sentAt, acked: false, replies: 0 };
    contact.step++;
    contact.queue.push(pending);
    const run = contact.run;
    run.all.push(pending);
    run.sent++;
    if (sentAt < run.firstSend) run.firstSend = sentAt;
    if (sentAt > run.lastSend) run.lastSend = sentAt;
    return pending;
  }

  /** POSTs the webhook; a non-200 or a network error is retried (same bytes) like Meta does. Resolves true once acked. */
  private async deliver(pending: Pending, agent: Sender, run: Run, spec: ScenarioSpec): Promise<boolean> {
    const redeliver = spec.redeliver ?? 0;
    const retry = spec.retry ?? DEFAULT_RETRY;
    run.awaitingAck++;
    let ok = false;
    for (let attempt = 0; attempt < retry.attempts && !ok && !run.closed; attempt++) {
      if (attempt > 0) {
        run.retried++;
        await sleep(Math.min(retry.capMs, retry.baseMs * 2 ** (attempt - 1)));
        if (run.closed) break;
      }
      const sentAt = performance.now();
      const status = await agent.post(pending.body, pending.signature);
      ok = status === 200;
      if (!ok) run.refusals[status] = (run.refusals[status] ?? 0) + 1;
      spec.observe?.({ wamid: pending.wamid, status, attempt, sentAt, ms: performance.now() - sentAt });
    }
    run.awaitingAck--;
    const now = performance.now();
    if (!ok || run.closed) {
      if (pending.replies === 0) pending.answered?.(false);
      return false;
    }
    pending.acked = true;
    run.acked++;
    run.ack.push(now - pending.sentAt);
    if (now > run.lastAck) run.lastAck = now;
    if (pending.replies === 0) run.unanswered++;
    if (redeliver > 0 && Math.random() < redeliver) {
      run.redelivered++;
      void agent.post(pending.body, pending.signature);
    }
    return true;
  }

  private onReply(send: RecordedSend): void {
    const contact = this.contacts.get(send.to);
    if (!contact) {
      if (this.current) this.current.noteWrong(`reply to a number that is not a bench contact: ${send.to} "${send.text ?? send.type}"`);
      else this.strayReplies++;
      return;
    }
    const run = contact.run;
    if (run !== this.current) {
      // Its scenario has ended: the figures stand, but a first reply to a lost message is noted as late.
      const head = contact.queue.shift();
      if (head && head.replies === 0 && run.result) {
        head.replies = 1;
        run.result.lateReplies++;
      } else this.strayReplies++;
      return;
    }
    const head = contact.queue[0];
    const text = send.type === "text" ? send.text : `(${send.type})`;
    // A second reply to the previous message can arrive after the next one was sent.
    const repeatOfLast = contact.last !== undefined && (!head || (text !== head.expect && text === contact.last.expect));
    if (!head || repeatOfLast) {
      if (contact.last) {
        contact.last.replies++;
        run.duplicated++;
      } else run.noteWrong(`unexpected reply to ${send.to}: "${text}"`);
      return;
    }
    contact.queue.shift();
    head.replies = 1;
    contact.last = head;
    run.replies++;
    if (head.acked) run.unanswered--;
    run.e2e.push(send.receivedAt - head.sentAt);
    if (send.receivedAt > run.lastReply) run.lastReply = send.receivedAt;
    if (text !== head.expect) run.noteWrong(`to ${send.to}: expected "${head.expect}", got "${text}"`);
    head.answered?.(true);
    if (run.sending && !head.answered && !run.burst && contact.step < contact.script.length) run.ready.push(contact);
  }

  private async drain(run: Run, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    while ((run.awaitingAck > 0 || run.unanswered > 0) && performance.now() < deadline) await sleep(20);
  }
}
