import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performHttp } from "./http";

/** The API-call port against a real local server: allow-list, SSRF refusal, limits. */
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/order/42") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ order: { id: 42, status: "shipped" } }));
    } else if (req.url === "/big") {
      res.end("x".repeat(10_000));
    } else if (req.url === "/slow") {
      setTimeout(() => res.end("late"), 2_000);
    } else if (req.url === "/echo") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => res.end(JSON.stringify({ method: req.method, body: JSON.parse(body || "null"), auth: req.headers.authorization })));
    } else {
      res.statusCode = 404;
      res.end("nope");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const req = (path: string, extra: Partial<Parameters<typeof performHttp>[0]> = {}) => ({
  method: "GET" as const,
  url: `${base}${path}`,
  headers: {},
  timeoutMs: 1_000,
  maxResponseBytes: 1_000,
  ...extra,
});

describe("API-call HTTP port", () => {
  it("refuses loopback, private and metadata addresses without an allow-list entry", async () => {
    const loop = await performHttp(req("/order/42"), "r1");
    expect(loop.ok).toBe(false);
    expect(loop.error).toMatch(/refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a private, loopback or link-local address/);
    const meta = await performHttp({ ...req("/"), url: "http://169.254.169.254/latest/meta-data/" }, "r2");
    expect(meta.ok).toBe(false);
    expect(meta.error).toMatch(/^refused: 169\.254\.169\.254/);
    const local = await performHttp({ ...req("/"), url: `http://localhost:${new URL(base).port}/order/42` }, "r3");
    expect(local.ok).toBe(false);
    expect(local.error).toMatch(/^refused: localhost resolves to/);
  });

  it("calls an allowed host and parses JSON", async () => {
    const res = await performHttp(req("/order/42"), "r4", { allowList: ["127.0.0.1"] });
    expect(res).toMatchObject({ type: "http_result", requestId: "r4", ok: true, status: 200, body: { order: { id: 42, status: "shipped" } } });
    const byName = await performHttp({ ...req("/order/42"), url: `http://localhost:${new URL(base).port}/order/42` }, "r5", { allowList: ["localhost"] });
    expect(byName.ok).toBe(true);
    const byCidr = await performHttp(req("/order/42"), "r6", { allowList: ["127.0.0.0/8"] });
    expect(byCidr.ok).toBe(true);
  });

  it("sends method, headers and body; reports non-2xx, size and time limits", async () => {
    const allow = { allowList: ["127.0.0.1"] };
    const echo = await performHttp(req("/echo", { method: "POST", body: '{"a":1}', headers: { Authorization: "Bearer k" } }), "r7", allow);
    expect(echo.body).toEqual({ method: "POST", body: { a: 1 }, auth: "Bearer k" });
    const missing = await performHttp(req("/missing"), "r8", allow);
    expect(missing).toMatchObject({ ok: false, status: 404, error: "HTTP 404", body: "nope" });
    const big = await performHttp(req("/big"), "r9", allow);
    expect(big).toMatchObject({ ok: false, error: "response larger than 1000 bytes" });
    const slow = await performHttp(req("/slow", { timeoutMs: 200 }), "r10", allow);
    expect(slow).toMatchObject({ ok: false, error: "timed out after 200 ms" });
    expect(slow.durationMs).toBeLessThan(1_000);
  });
});
