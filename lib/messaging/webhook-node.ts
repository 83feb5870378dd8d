import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { receiveWebhook } from "./intake";
import { decodeWebhookBody, NOT_UTF8_ERROR } from "./webhook-body";
import { processStoredEvents } from "./worker-protocol";

/**
 * The webhook route on plain `node:http`, for the lean intake path (server.mjs): the same
 * verify → store → answer → process sequence as app/api/webhooks/[provider]/route.ts, with
 * the same answers, minus Next's per-request machinery (routing, Request/Response objects,
 * web streams, async storage) that cost more than the whole intake itself (bench/README.md).
 */
export async function handleWebhookNode(req: IncomingMessage, res: ServerResponse, provider: string): Promise<void> {
  const method = req.method ?? "GET";
  const max = env().WEBHOOK_MAX_BODY_BYTES;
  // Same rule as the route: far past the limit → refused unread; near it → read, judged after verification.
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > max * 4) return answer(res, 413, JSON.stringify({ error: "body too large" }), { "content-type": "application/json", connection: "close" });
  let rawBody = "";
  if (method === "POST") {
    const body = await readBody(req, max * 4);
    if (body === null) return answer(res, 413, JSON.stringify({ error: "body too large" }), { "content-type": "application/json", connection: "close" });
    const text = decodeWebhookBody(body);
    if (text === null) return answer(res, 400, JSON.stringify({ error: NOT_UTF8_ERROR }), { "content-type": "application/json" });
    rawBody = text;
  }
  let result;
  try {
    result = await receiveWebhook({ provider, method, url: requestUrl(req), headers: toHeaders(req), rawBody });
  } catch (err) {
    // Not stored, so not acknowledged: the provider will deliver it again.
    log.error({ err, provider }, "webhook could not be stored");
    return answer(res, 503, JSON.stringify({ error: "temporarily unavailable" }), { "content-type": "application/json" });
  }
  answer(res, result.status, result.body, result.headers);
  if (result.eventIds.length > 0) processStoredEvents(result.eventIds);
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** The body's bytes, or null once it passes `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

/** The URL as the caller addressed it (Twilio signs it); a proxy's X-Forwarded-Proto is honoured. */
function requestUrl(req: IncomingMessage): string {
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || "http";
  return `${proto}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** `/api/webhooks/{provider}` (optionally with a trailing slash or a query): the provider, else null. */
export function webhookProvider(url: string | undefined): string | null {
  const m = /^\/api\/webhooks\/([A-Za-z0-9_-]+)\/?(?:\?|$)/.exec(url ?? "");
  return m ? m[1]! : null;
}
