import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Provider fixtures copied into the repo; read as exact bytes (signatures are over them). */
export const FIXTURE_DIR = fileURLToPath(new URL("../../../test/fixtures/providers/", import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURE_DIR + name, "utf8");
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).sort();
}

export interface SignatureVectors {
  meta: { app_secret: string; vectors: { file: string; "X-Hub-Signature-256": string; "X-Hub-Signature": string }[] };
  ycloud: { endpoint_secret: string; vectors: { file: string; timestamp: string; "YCloud-Signature": string }[] };
  twilio: { auth_token: string; vectors: { file: string; url: string; "X-Twilio-Signature": string }[] };
  d360: { platform_secret: string; vectors: { file: string; "x-360dialog-signature_hex": string; "x-360dialog-signature_base64": string }[] };
}

export const signatures = (): SignatureVectors => fixtureJson<SignatureVectors>("signatures.json");

/** Flips one byte in the middle of the body (keeping it valid UTF-8). */
export function tamper(body: string): string {
  const i = Math.floor(body.length / 2);
  const c = body.charCodeAt(i);
  return body.slice(0, i) + String.fromCharCode(c === 0x41 ? 0x42 : 0x41) + body.slice(i + 1);
}

/** A fetch double that records requests and answers from a queue. */
export function fakeFetch(...answers: Array<{ status?: number; body?: unknown } | Error>) {
  const calls: { url: string; method: string; headers: Headers; body: string }[] = [];
  const queue = [...answers];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : "",
    });
    const next = queue.shift() ?? { status: 200, body: {} };
    if (next instanceof Error) throw next;
    const text = typeof next.body === "string" ? next.body : JSON.stringify(next.body ?? {});
    return new Response(text, { status: next.status ?? 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { fetch: fn, calls };
}

/** A fetch that only settles when aborted, to exercise timeouts. */
export const hangingFetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
  })) as typeof fetch;
