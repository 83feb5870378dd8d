import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { graphError, metaJson, metaSignature, statusPayload, type BusinessNumber, type StatusKind } from "./meta-wire";

/**
 * A loopback stand-in for Meta's Graph API: POST /{version}/{phoneNumberId}/messages.
 * Records every send, answers like Meta, can add latency, fail with 500 or hold the
 * request (a timeout), and posts signed status webhooks (sent, delivered, read) back to
 * the number's webhook URL. Runs inside the bench process (bench/run.ts) or alone:
 *   npx tsx bench/mock-graph.ts --port 4010 --phone-number-id 109876543210987 \
 *     --access-token bench-token --webhook-url http://127.0.0.1:3000/api/webhooks/meta --app-secret S
 */

export interface NumberRegistration extends BusinessNumber {
  accessToken: string;
  /** Where status webhooks go; none posted when absent. */
  webhookUrl?: string;
  appSecret: string;
}

export interface MockOptions {
  /** Added before answering each request, uniform in [min, max] ms. */
  latencyMs: [number, number];
  /** Fraction of sends answered 500 (Graph "unknown error", transient). */
  failRate: number;
  /** Fraction of sends held without an answer, then the socket is dropped. */
  timeoutRate: number;
  timeoutHoldMs: number;
  /**
   * A held request was taken all the same: the message goes out (recorded as accepted with
   * its answer lost, statuses posted) but the answer never comes back, as when Meta
   * delivers and the connection fails on the way back. A timeout cannot tell this apart.
   */
  heldTaken: boolean;
  /** Post sent/delivered/read webhooks after each accepted send. */
  statuses: boolean;
  /** Delay of each status webhook after the answer, ms. */
  statusDelaysMs: Record<StatusKind, number>;
  /** Which statuses are posted (default all three). */
  statusKinds: readonly StatusKind[];
  /**
   * A send whose sender went away before the (delayed) answer still counts as accepted and
   * delivered, as at Meta, which takes the message once the request is in; default: dropped.
   */
  deliverIfClientGone: boolean;
}

export const DEFAULT_MOCK_OPTIONS: MockOptions = {
  latencyMs: [0, 0],
  failRate: 0,
  timeoutRate: 0,
  timeoutHoldMs: 20_000,
  heldTaken: false,
  statuses: false,
  statusDelaysMs: { sent: 5, delivered: 40, read: 200 },
  statusKinds: ["sent", "delivered", "read"],
  deliverIfClientGone: false,
};

/** One accepted send (the app's reply as Meta would have taken it). */
export interface RecordedSend {
  phoneNumberId: string;
  to: string;
  type: string;
  text: string | undefined;
  callbackData: string | undefined;
  wamid: string;
  /** performance.now() when the request body was complete. */
  receivedAt: number;
}

/** One send request as the mock handled it (kept only while `journal` is set). */
export interface JournalEntry {
  /** The sender's own id for the message (Tickflow puts its message id in biz_opaque_callback_data). */
  callbackData: string | undefined;
  to: string;
  text: string | undefined;
  /** accepted: answered 200; failed500; held: never answered (the sender times out). */
  outcome: "accepted" | "failed500" | "held";
  /** performance.now() when the request body was complete. */
  at: number;
  /** Accepted, but the sender had gone before the answer (deliverIfClientGone): it never learned the message id. */
  answerLost?: boolean;
}

export interface MockCounters {
  requests: number;
  accepted: number;
  failed500: number;
  timedOut: number;
  markRead: number;
  unauthorized: number;
  badRequests: number;
  statusPosts: number;
  statusErrors: number;
}

const zeroCounters = (): MockCounters => ({ requests: 0, accepted: 0, failed500: 0, timedOut: 0, markRead: 0, unauthorized: 0, badRequests: 0, statusPosts: 0, statusErrors: 0 });

const PATH = /^\/(v\d+\.\d+)\/(\d+)\/messages\/?$/;

export class MockGraph {
  private server: http.Server;
  private numbers = new Map<string, NumberRegistration>();
  private options: MockOptions = structuredClone(DEFAULT_MOCK_OPTIONS);
  private statusAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private pendingStatuses = 0;
  private closed = false;
  private statusIdle: (() => void)[] = [];
  private held = new Set<http.ServerResponse>();
  private seq = 0;
  private readonly tag = Math.random().toString(36).slice(2, 8);
  counters: MockCounters = zeroCounters();
  /** When an array, every send request (not mark-read) is appended to it: the drills count deliveries per message id. */
  journal: JournalEntry[] | null = null;
  /** Called after a send is accepted and answered (the moment the reply is "delivered"). */
  onReply: (send: RecordedSend) => void = () => {};
  /** Called for each status webhook the target answered (ms from post to answer, HTTP status). */
  onStatusAck: (ms: number, status: number) => void = () => {};

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  register(number: NumberRegistration): void {
    this.numbers.set(number.phoneNumberId, number);
  }

  setOptions(options: Partial<MockOptions>): void {
    this.options = { ...structuredClone(DEFAULT_MOCK_OPTIONS), ...options };
  }

  resetCounters(): MockCounters {
    const before = this.counters;
    this.counters = zeroCounters();
    return before;
  }

  /** Resolves once every scheduled status webhook has been answered (or failed). */
  statusesSettled(): Promise<void> {
    if (this.pendingStatuses === 0) return Promise.resolve();
    return new Promise((resolve) => this.statusIdle.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.statusAgent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const receivedAt = performance.now();
      this.counters.requests++;
      const match = req.method === "POST" ? PATH.exec((req.url ?? "").split("?")[0] ?? "") : null;
      if (!match) return this.answer(res, 404, graphError(100, "Unsupported request", false), 0);
      const number = this.numbers.get(match[2]!);
      if (!number || req.headers.authorization !== `Bearer ${number.accessToken}`) {
        this.counters.unauthorized++;
        return this.answer(res, 401, graphError(190, "Invalid OAuth access token - Cannot parse access token", false), 0);
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        this.counters.badRequests++;
        return this.answer(res, 400, graphError(100, "Invalid parameter", false), 0);
      }
      const delay = this.latency();
      if (body.status === "read" && typeof body.message_id === "string") {
        this.counters.markRead++;
        return this.answer(res, 200, { success: true }, delay);
      }
      const to = typeof body.to === "string" ? body.to.replace(/^\+/, "") : undefined;
      if (body.messaging_product !== "whatsapp" || !to || typeof body.type !== "string") {
        this.counters.badRequests++;
        return this.answer(res, 400, graphError(100, "Invalid parameter", false), delay);
      }

      const roll = Math.random();
      const typedBody = body[body.type] as Record<string, unknown> | undefined;
      const note = (outcome: JournalEntry["outcome"], answerLost?: boolean) =>
        this.journal?.push({
          ...(answerLost ? { answerLost } : {}),
          callbackData: typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data : undefined,
          to,
          text: body.type === "text" && typeof typedBody?.body === "string" ? typedBody.body : undefined,
          outcome,
          at: receivedAt,
        });
      if (roll < this.options.failRate) {
        this.counters.failed500++;
        note("failed500");
        return this.answer(res, 500, graphError(1, "An unknown error occurred", true), delay);
      }
      if (roll < this.options.failRate + this.options.timeoutRate) {
        this.counters.timedOut++;
        note("held");
        if (this.options.heldTaken) {
          const send = this.recordSend(number, to, body);
          this.counters.accepted++;
          note("accepted", true);
          this.onReply(send);
          if (this.options.statuses && number.webhookUrl) this.postStatuses(number, send);
        }
        this.held.add(res);
        const timer = setTimeout(() => res.destroy(), this.options.timeoutHoldMs);
        res.on("close", () => {
          clearTimeout(timer);
          this.held.delete(res);
        });
        return;
      }

      const send = this.recordSend(number, to, body, receivedAt);
      const answer = { messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: to }], messages: [{ id: send.wamid, message_status: "accepted" }] };
      this.answer(res, 200, answer, delay, (answerLost) => {
        this.counters.accepted++;
        note("accepted", answerLost);
        this.onReply(send);
        if (this.options.statuses && number.webhookUrl) this.postStatuses(number, send);
      });
    });
  }

  /** A send the provider takes: its wamid. */
  private recordSend(number: NumberRegistration, to: string, body: Record<string, unknown>, receivedAt = performance.now()): RecordedSend {
    const typed = body[body.type as string] as Record<string, unknown> | undefined;
    return {
      phoneNumberId: number.phoneNumberId,
      to,
      type: body.type as string,
      text: body.type === "text" && typeof typed?.body === "string" ? typed.body : undefined,
      callbackData: typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data : undefined,
      wamid: `wamid.mock${this.tag}${(++this.seq).toString(36)}`,
      receivedAt,
    };
  }

  private latency(): number {
    const [min, max] = this.options.latencyMs;
    return max <= 0 ? 0 : min + Math.random() * (max - min);
  }

  private answer(res: http.ServerResponse, status: number, body: unknown, delayMs: number, then?: (answerLost: boolean) => void): void {
    const write = () => {
      if (res.destroyed) {
        if (this.options.deliverIfClientGone) then?.(true);
        return;
      }
      const text = JSON.stringify(body);
      res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
      then?.(false);
    };
    if (delayMs > 0) setTimeout(write, delayMs);
    else write();
  }

  private postStatuses(number: NumberRegistration, send: RecordedSend): void {
    const conversationId = `conv${send.to}`;
    for (const status of this.options.statusKinds) {
      this.pendingStatuses++;
      setTimeout(() => {
        const body = metaJson(statusPayload(number, { wamid: send.wamid, status, recipient: send.to, callbackData: send.callbackData, conversationId }));
        this.postWebhook(number, body);
      }, this.options.statusDelaysMs[status]);
    }
  }

  /**
   * Posts one status webhook; a non-200 or a network error is retried like Meta does
   * (here 250 ms doubling, 8 tries, about a minute): an app that was down when the status
   * was first posted still gets it once it is back.
   */
  private postWebhook(number: NumberRegistration, body: string, attempt = 1): void {
    const started = performance.now();
    const done = (status: number) => {
      this.counters.statusPosts++;
      this.onStatusAck(performance.now() - started, status);
      if (status !== 200) {
        this.counters.statusErrors++;
        if (attempt < STATUS_TRIES && !this.closed) {
          setTimeout(() => this.postWebhook(number, body, attempt + 1), 250 * 2 ** (attempt - 1));
          return;
        }
      }
      if (--this.pendingStatuses === 0) for (const resolve of this.statusIdle.splice(0)) resolve();
    };
    const url = new URL(number.webhookUrl!);
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent: this.statusAgent,
        timeout: 10_000,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "X-Hub-Signature-256": metaSignature(number.appSecret, body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => done(0));
    req.end(body);
  }
}

/** Tries per status webhook before the mock gives up on it. */
const STATUS_TRIES = 8;

/** Standalone: prints every recorded send as one JSON line. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      "phone-number-id": { type: "string", default: "109876543210987" },
      "display-phone-number": { type: "string", default: "15550101234" },
      "access-token": { type: "string", default: "bench-token" },
      "webhook-url": { type: "string" },
      "app-secret": { type: "string", default: "" },
      latency: { type: "string", default: "0-0" },
      "fail-rate": { type: "string", default: "0" },
      "timeout-rate": { type: "string", default: "0" },
      statuses: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      "npx tsx bench/mock-graph.ts [--port 4010] [--phone-number-id ID] [--display-phone-number N] [--access-token T]\n" +
        "  [--webhook-url URL --app-secret S --statuses] [--latency MIN-MAX] [--fail-rate F] [--timeout-rate F]\n" +
        "Prints every accepted send as a JSON line.",
    );
    return;
  }
  const [min, max] = values.latency.split("-").map(Number);
  const mock = new MockGraph();
  mock.register({
    phoneNumberId: values["phone-number-id"],
    displayPhoneNumber: values["display-phone-number"],
    wabaId: "102290129340398",
    accessToken: values["access-token"],
    webhookUrl: values["webhook-url"],
    appSecret: values["app-secret"],
  });
  mock.setOptions({ latencyMs: [min ?? 0, max ?? min ?? 0], failRate: Number(values["fail-rate"]), timeoutRate: Number(values["timeout-rate"]), statuses: values.statuses });
  mock.onReply = (send) => console.log(JSON.stringify(send));
  const port = await mock.listen(Number(values.port));
  console.error(`mock Graph API on http://127.0.0.1:${port}`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && /mock-graph\.ts$/.test(process.argv[1])) void main();
