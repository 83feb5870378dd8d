import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiTestRoute from "@/app/api/v1/flows/api-test/route";
import * as previewRoute from "@/app/api/v1/flows/preview/route";
import * as allowRoute from "@/app/api/v1/settings/api-allow-list/route";
import { demoFlowDocument } from "@/lib/flow";
import { apiRequest, noParams, userWithToken } from "@/test/auth";

/** The builder's private preview and API tester through the real routes. */
let editor = "";
let admin = "";
let server: http.Server;
let base = "";

beforeAll(async () => {
  editor = (await userWithToken("editor")).token;
  admin = (await userWithToken("admin")).token;
  server = http.createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ order: { status: "shipped", eta: "tomorrow" } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Preview = { session: unknown; messages: { blockId: string; content: { type: string; text?: string; body?: string } }[]; status: string; notices: string[] };

async function preview(session: unknown, text: string) {
  const res = await previewRoute.POST(
    apiRequest("/api/v1/flows/preview", { method: "POST", token: editor, body: { document: demoFlowDocument(), session, event: { type: "message", message: { type: "text", text } } } }),
    noParams,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Preview;
}

describe("preview", () => {
  it("walks the demo draft: hi → menu, 1 → pricing; 2 → asks the email", async () => {
    const hi = await preview(null, "hi");
    expect(hi.messages[0]?.content.text).toBe("Hello! Type 1 for price, 2 for support.");
    const one = await preview(hi.session, "1");
    expect(one.messages.map((m) => m.content.text)).toContain("Pricing starts at ₹999/month.");
    const two = await preview(hi.session, "2");
    expect(JSON.stringify(two.messages)).toMatch(/email/i);
  });

  it("refuses agents", async () => {
    const agent = (await userWithToken("agent")).token;
    const res = await previewRoute.POST(apiRequest("/api/v1/flows/preview", { method: "POST", token: agent, body: { document: demoFlowDocument(), session: null, event: { type: "message", message: { type: "text", text: "hi" } } } }), noParams);
    expect(res.status).toBe(403);
  });
});

describe("API-call tester and allow-list", () => {
  const settings = () => ({ method: "GET", url: `${base}/orders/{{order_id}}`, mappings: [{ path: "order.status", variable: "status" }] });

  it("refuses a loopback address until an admin allows it, then maps the JSON", async () => {
    const refused = (await (await apiTestRoute.POST(apiRequest("/api/v1/flows/api-test", { method: "POST", token: editor, body: { settings: settings(), variables: { order_id: "42" } } }), noParams)).json()) as { ok: boolean; error: string };
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/^refused: 127\.0\.0\.1/);
    const forbidden = await allowRoute.PUT(apiRequest("/api/v1/settings/api-allow-list", { method: "PUT", token: editor, body: { entries: ["127.0.0.1"] } }), noParams);
    expect(forbidden.status).toBe(403);
    const bad = await allowRoute.PUT(apiRequest("/api/v1/settings/api-allow-list", { method: "PUT", token: admin, body: { entries: ["not a host!"] } }), noParams);
    expect(bad.status).toBe(422);
    const ok = await allowRoute.PUT(apiRequest("/api/v1/settings/api-allow-list", { method: "PUT", token: admin, body: { entries: ["127.0.0.1"] } }), noParams);
    expect(await ok.json()).toEqual({ entries: ["127.0.0.1"] });
    const res = (await (await apiTestRoute.POST(apiRequest("/api/v1/flows/api-test", { method: "POST", token: editor, body: { settings: settings(), variables: { order_id: "42" } } }), noParams)).json()) as { ok: boolean; status: number; mapped: Record<string, unknown>; request: { url: string } };
    expect(res).toMatchObject({ ok: true, status: 200, mapped: { status: "shipped" } });
    expect(res.request.url).toBe(`${base}/orders/42`);
  });
});
