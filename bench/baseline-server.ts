import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { loadDemoTexts, statelessAnswer } from "./demo-script";
import { verifyMetaSignature } from "./meta-wire";

/**
 * The machine's limit: a bare node:http webhook receiver that does what Tickflow must do
 * at the very least — read the body, check X-Hub-Signature-256, parse it, answer 200, then
 * forward one reply per message to the Graph API — and nothing else (no storage, no
 * state: the reply is decided from the text alone, with the demo flow's wording).
 *
 *   node --import tsx bench/baseline-server.ts --app-secret S --graph-url http://127.0.0.1:4010 \
 *     --phone-number-id 109876543210988 --access-token T [--port 0] [--app-dir .]
 * Prints "BASELINE_LISTENING <port>" once it accepts connections.
 */

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "app-secret": { type: "string" },
    "graph-url": { type: "string" },
    "phone-number-id": { type: "string" },
    "access-token": { type: "string" },
    "api-version": { type: "string", default: "v23.0" },
    "app-dir": { type: "string", default: process.cwd() },
  },
});

const appSecret = values["app-secret"];
const graphUrl = values["graph-url"];
if (!appSecret || !graphUrl || !values["phone-number-id"] || !values["access-token"]) {
  console.error("baseline-server: --app-secret, --graph-url, --phone-number-id and --access-token are required");
  process.exit(2);
}
const texts = loadDemoTexts(values["app-dir"]);
const sendUrl = new URL(`/${values["api-version"]}/${values["phone-number-id"]}/messages`, graphUrl);
const auth = `Bearer ${values["access-token"]}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 });

interface Forward {
  to: string;
  text: string;
}

function send(job: Forward, attempt = 1): void {
  const body = JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to: job.to, type: "text", text: { body: job.text, preview_url: false } });
  const retry = () => {
    if (attempt < 4) setTimeout(() => send(job, attempt + 1), 100 * 2 ** attempt);
  };
  const req = http.request(
    { hostname: sendUrl.hostname, port: sendUrl.port, path: sendUrl.pathname, method: "POST", agent, timeout: 15_000, headers: { Authorization: auth, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
    (res) => {
      res.resume();
      res.on("end", () => {
        if ((res.statusCode ?? 0) >= 500) retry();
      });
    },
  );
  req.on("timeout", () => req.destroy(new Error("timeout")));
  req.on("error", retry);
  req.end(body);
}

function forwardMessages(payload: unknown): void {
  const root = payload as { entry?: { changes?: { value?: { messages?: { from?: string; type?: string; text?: { body?: string } }[] } }[] }[] };
  for (const entry of root.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const message of change.value?.messages ?? []) {
        if (!message.from) continue;
        send({ to: message.from, text: statelessAnswer(texts, message.type === "text" ? (message.text?.body ?? "") : "") });
      }
    }
  }
}

function reply(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || !req.url?.startsWith("/api/webhooks/meta")) {
    if (req.url === "/api/health") return reply(res, 200, '{"ok":true,"db":"none"}');
    return reply(res, 404, '{"error":"not found"}');
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    if (!verifyMetaSignature(appSecret, raw, req.headers["x-hub-signature-256"])) return reply(res, 401, '{"error":"invalid signature"}');
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString("utf8"));
    } catch {
      return reply(res, 400, '{"error":"bad json"}');
    }
    reply(res, 200, '{"ok":true}');
    forwardMessages(payload);
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`BASELINE_LISTENING ${(server.address() as AddressInfo).port}`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
