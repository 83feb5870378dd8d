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
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  allowPositionals: false,
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname;
process.env.NODE_ENV = "production";

const app = next({ dev: false, hostname: hostname ?? "localhost", port, dir: path.dirname(fileURLToPath(import.meta.url)) });
const nextHandler = app.getRequestHandler();
await app.prepare();

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
  await app.close?.().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
