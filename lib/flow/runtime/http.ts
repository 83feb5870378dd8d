import http from "node:http";
import https from "node:https";
import { useAgent as filteringAgentFor } from "request-filtering-agent";
import { childLog } from "@/lib/log";
import type { HttpRequest, HttpResultEvent } from "../types";

const log = childLog("api-call");

/**
 * The API-call block's HTTP port. Private, loopback, link-local and metadata addresses
 * are refused AFTER DNS resolution (request-filtering-agent checks the address the socket
 * connects to, so DNS rebinding cannot slip past), unless an admin's allow-list names
 * the host or its address. Responses are capped in size and time; every outcome,
 * including a refusal, comes back as an http_result for the engine.
 */
export interface HttpPortOptions {
  /** Hostnames ("crm.internal"), IP addresses or CIDR ranges an admin allowed. */
  allowList?: string[];
}

const isAddressEntry = (entry: string) => /^[0-9a-f:.]+(\/\d+)?$/i.test(entry);

function agentFor(url: URL, allowList: string[]) {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const hostAllowed = allowList.some((e) => !isAddressEntry(e) && e.toLowerCase() === host);
  return filteringAgentFor(url.toString(), {
    allowPrivateIPAddress: hostAllowed,
    allowMetaIPAddress: hostAllowed,
    allowIPAddressList: allowList.filter(isAddressEntry),
    keepAlive: false,
  });
}

export function performHttp(request: HttpRequest, requestId: string, options: HttpPortOptions = {}): Promise<HttpResultEvent> {
  const started = Date.now();
  const done = (r: Omit<HttpResultEvent, "type" | "requestId" | "durationMs">): HttpResultEvent => {
    const result: HttpResultEvent = { type: "http_result", requestId, durationMs: Date.now() - started, ...r };
    const line = `[API] ${request.method} ${redact(request.url)} → ${r.ok ? r.status : r.error ?? r.status} (${result.durationMs} ms)`;
    if (r.ok) log.info(line);
    else log.warn(line);
    return result;
  };
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.resolve(done({ ok: false, error: `“${request.url}” is not a valid URL` }));
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: HttpResultEvent) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(r);
      }
    };
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      { method: request.method, headers: { "user-agent": "Tickflow/1 (api-call block)", ...request.headers }, agent: agentFor(url, options.allowList ?? []) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxResponseBytes) {
            req.destroy();
            finish(done({ ok: false, status: res.statusCode, error: `response larger than ${request.maxResponseBytes} bytes` }));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          const body = parseBody(text, String(res.headers["content-type"] ?? ""));
          const ok = status >= 200 && status < 300;
          finish(done({ ok, status, body, ...(ok ? {} : { error: `HTTP ${status}` }) }));
        });
        res.on("error", (err) => finish(done({ ok: false, status: res.statusCode, error: err.message })));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(done({ ok: false, error: `timed out after ${request.timeoutMs} ms` }));
    }, request.timeoutMs);
    req.on("error", (err) => finish(done({ ok: false, error: describeError(err, url) })));
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

function parseBody(text: string, contentType: string): unknown {
  if (!text) return null;
  if (contentType.includes("json") || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** request-filtering-agent's refusal, in words an operator can act on. */
function describeError(err: Error, url: URL): string {
  const refused = /is not allowed\. Because, It is (private|meta) IP address/i.exec(err.message);
  if (refused) {
    const address = /lookup ([^(\s]+)/.exec(err.message)?.[1] ?? url.hostname;
    return `refused: ${url.hostname} resolves to ${address}, a ${refused[1] === "meta" ? "reserved or metadata" : "private, loopback or link-local"} address; an admin can allow it in Settings → API-call allow-list`;
  }
  return err.message;
}

/** Query strings may carry keys; keep them out of logs. */
function redact(raw: string): string {
  try {
    const u = new URL(raw);
    return u.search ? `${u.origin}${u.pathname}?…` : `${u.origin}${u.pathname}`;
  } catch {
    return raw;
  }
}
