import { describe, expect, it } from "vitest";
import { fakeFetch, fixture, fixtureJson } from "../testing/fixtures";
import { sandboxAdapter } from "./adapter";
import { SANDBOX_GRAPH_PATH } from "./config";

const config = sandboxAdapter.configSchema.parse({ phoneNumberId: "100000000000001", appSecret: "sandbox-secret" });

describe("sandbox", () => {
  it("defaults the tokens nobody issues", () => {
    expect(config).toMatchObject({ accessToken: "sandbox-access-token", verifyToken: "sandbox-verify-token" });
    expect(sandboxAdapter.configSchema.safeParse({ phoneNumberId: "1" }).success).toBe(false);
  });

  it("posts to the app's own mock Graph API", async () => {
    const { fetch, calls } = fakeFetch({ body: fixtureJson("meta.api.send.success.json") });
    const result = await sandboxAdapter.send(config, { to: "5511987654321", content: { type: "text", text: "oi" } }, { fetch, appUrl: "http://127.0.0.1:3123/" });
    expect(result.providerMessageId).toMatch(/^wamid\./);
    expect(calls[0]?.url).toBe(`http://127.0.0.1:3123${SANDBOX_GRAPH_PATH}/v23.0/100000000000001/messages`);
    expect(calls[0]?.headers.get("authorization")).toBe("Bearer sandbox-access-token");
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ messaging_product: "whatsapp", to: "5511987654321", type: "text" });
  });

  it("an explicit apiBaseUrl wins", async () => {
    const { fetch, calls } = fakeFetch({ body: fixtureJson("meta.api.send.success.json") });
    await sandboxAdapter.send({ ...config, apiBaseUrl: "https://mock.test/graph" }, { to: "1", content: { type: "text", text: "x" } }, { fetch, appUrl: "http://ignored" });
    expect(calls[0]?.url).toBe("https://mock.test/graph/v23.0/100000000000001/messages");
  });

  it("shares Meta's webhook route, handshake and parser", () => {
    expect(sandboxAdapter.webhookPath).toBe("/api/webhooks/meta");
    expect(sandboxAdapter.handshake?.(new URLSearchParams("hub.mode=subscribe&hub.challenge=42&hub.verify_token=sandbox-verify-token"), config)).toEqual({ status: 200, body: "42" });
    expect(sandboxAdapter.parse(fixture("meta.text.json"), "application/json").events[0]).toMatchObject({ kind: "message", type: "text" });
    expect(sandboxAdapter.matchesChannel({ phoneNumberId: "100000000000001" }, config)).toBe(true);
  });
});
