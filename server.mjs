/**
 * Tickflow's production server (`npm start`): Next.js for everything, except the
 * WhatsApp webhooks, which go to a plain node:http handler sharing lib/ with the Next
 * route (lib/messaging/webhook-node.ts, registered by instrumentation once the database
 * is ready). Next's per-request machinery costs more than storing the event itself; this
 * is what lets one instance keep up with Meta's 1,000 messages/s per number
 * (bench/README.md has the measurements). Until the handler is registered, and for every
 * other URL, Next answers exactly as `next start` would.
 *
 *   node server.mjs [-p PORT] [-H HOST]     (PORT from the environment otherwise, default 3000;
 *                                            every interface unless -H, like `next start`)
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import next from "next";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: false,
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname;
process.env.NODE_ENV = "production";

const dir = path.dirname(fileURLToPath(import.meta.url));

// On PostgreSQL the pipeline after the 200 (processing, sending, sweeper, job runner) runs
// in a worker thread — lib/messaging/processing-worker.ts, bundled by `npm run build` —
// so the main thread's event loop only answers HTTP (bench/README.md has the figures).
// PGlite is one database per process, so there everything stays on the main thread.
const workerFile = path.join(dir, ".next", "tickflow", "processing-worker.mjs");
const workerWanted = Boolean(process.env.DATABASE_URL) && !/^(false|0|no)$/i.test(process.env.PROCESSING_WORKER ?? "");
const useWorker = workerWanted && fs.existsSync(workerFile);
if (workerWanted && !useWorker) console.warn(`processing worker not built (${path.relative(dir, workerFile)} is missing; \`npm run build\` makes it): processing runs on the main thread`);
if (useWorker) process.env.TICKFLOW_PROCESSING_IN_WORKER = "1";

const app = next({ dev: false, hostname: hostname ?? "localhost", port, dir });
const nextHandler = app.getRequestHandler();
await app.prepare();
const worker = useWorker ? await startProcessingWorker() : null;

const server = http.createServer((req, res) => {
  const lean = globalThis.__tickflowLeanIntake;
  const provider = lean?.webhookProvider(req.url);
  if (!provider) return void nextHandler(req, res);
  lean.handleWebhook(req, res, provider).catch((err) => {
    console.error("webhook handler failed", err);
    if (!res.headersSent) res.writeHead(503, { "content-type": "application/json" });
    res.end(res.headersSent ? undefined : JSON.stringify({ error: "temporarily unavailable" }));
  });
});
// Providers keep connections open between deliveries; Node's 5 s default would drop them mid-burst.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => {
  console.log(`▲ Tickflow ready on http://${hostname ?? "localhost"}:${port}`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping (open requests finish, queued processing drains)`);
  // Stop accepting; idle keep-alive connections close now, busy ones after their answer.
  server.close();
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 5_000);
  force.unref();
  await globalThis.__tickflowLeanIntake?.drain(10_000);
  if (worker) await worker.drain(10_000);
  await app.close?.().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

/**
 * Starts the processing worker and waits for it to be ready (database open, sweeper and
 * job runner started); webhooks stored from then on are handed to it. A worker that fails
 * later takes the process down: the pipeline is built to be restarted (leases, sweeper).
 */
async function startProcessingWorker() {
  const w = new Worker(workerFile);
  // Only these listeners are removed once it is ready: the Worker keeps its own ones
  // (removeAllListeners() dropped them, and then no later message came through).
  const starting = {};
  await new Promise((resolve, reject) => {
    starting.message = (m) => (m?.type === "ready" ? resolve() : reject(new Error(m?.error ?? "processing worker did not start")));
    starting.error = reject;
    starting.exit = (code) => reject(new Error(`processing worker exited (${code}) while starting`));
    for (const [event, listener] of Object.entries(starting)) w.on(event, listener);
  }).catch((err) => {
    console.error(`Tickflow cannot start: ${err.message}`);
    process.exit(1);
  });
  for (const [event, listener] of Object.entries(starting)) w.off(event, listener);
  w.on("error", (err) => console.error("processing worker failed", err));
  w.on("exit", (code) => {
    if (stopping) return;
    console.error(`processing worker exited (${code}): stopping, so a restart resumes its work`);
    process.exit(1);
  });
  globalThis.__tickflowProcessingWorker = { post: (message) => w.postMessage(message) };
  return {
    async drain(timeoutMs) {
      globalThis.__tickflowProcessingWorker = undefined;
      const drained = new Promise((resolve) => w.on("message", (m) => m?.type === "drained" && resolve()));
      w.postMessage({ type: "drain", timeoutMs });
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, timeoutMs + 1_000).unref())]);
      await w.terminate();
    },
  };
}
