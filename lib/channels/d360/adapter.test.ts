import { describe, expect, it } from "vitest";
import { fakeFetch, fixture, fixtureJson } from "../testing/fixtures";
import { d360Adapter } from "./adapter";
import type { D360Config } from "./config";

const config: D360Config = { apiKey: "d360-key", phoneNumberId: "109876543210987", webhookSecret: "s" };
const SUCCESS = fixtureJson("meta.api.send.success.json");

describe("360dialog", () => {
  it("sends the Cloud API body to /messages with D360-API-KEY", async () => {
    const { fetch, calls } = fakeFetch({ body: SUCCESS });
    const result = await d360Adapter.send(
      config,
      { to: "+5511987654321", content: { type: "buttons", body: "Ok?", buttons: [{ id: "y", title: "Sim" }] }, callbackData: "cb" },
      { fetch },
    );
    expect(result.providerMessageId).toMatch(/^wamid\./);
    const call = calls[0]!;
    expect(call.url).toBe("https://waba-v2.360dialog.io/messages");
    expect(call.headers.get("d360-api-key")).toBe("d360-key");
    expect(call.headers.get("authorization")).toBeNull();
    expect(JSON.parse(call.body)).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "5511987654321",
      type: "interactive",
      interactive: { type: "button", body: { text: "Ok?" }, action: { buttons: [{ type: "reply", reply: { id: "y", title: "Sim" } }] } },
      biz_opaque_callback_data: "cb",
    });
  });

  it("honours apiBaseUrl and marks messages read on the same endpoint", async () => {
    const { fetch, calls } = fakeFetch({ body: { success: true } });
    await d360Adapter.markRead?.({ ...config, apiBaseUrl: "https://waba-sandbox.360dialog.io/" }, "wamid.in", { fetch });
    expect(calls[0]?.url).toBe("https://waba-sandbox.360dialog.io/messages");
    expect(JSON.parse(calls[0]!.body)).toEqual({ messaging_product: "whatsapp", status: "read", message_id: "wamid.in" });
  });

  it("classifies forwarded Meta errors and its own 401", async () => {
    const meta = fakeFetch({ status: 400, body: fixture("meta.api.send.error.131030.json") });
    await expect(d360Adapter.send(config, { to: "1", content: { type: "text", text: "x" } }, { fetch: meta.fetch })).rejects.toMatchObject({
      code: "131030",
      retryable: false,
    });
    const unauthorized = fakeFetch({ status: 401, body: { meta: { http_code: 401, developer_message: "Invalid api key" } } });
    await expect(d360Adapter.send(config, { to: "1", content: { type: "text", text: "x" } }, { fetch: unauthorized.fetch })).rejects.toMatchObject({
      code: "http_401",
      retryable: false,
    });
  });

  it("parses with the Meta parser and routes by phone_number_id", () => {
    const raw = fixture("d360.inbound.text.json");
    const [key] = d360Adapter.routingKeys(raw, "application/json");
    expect(key && d360Adapter.matchesChannel(key, config)).toBe(true);
    expect(d360Adapter.matchesChannel({ phoneNumberId: "999" }, config)).toBe(false);
    expect(d360Adapter.parse(raw, "application/json").events[0]).toMatchObject({ kind: "message", type: "text" });
    expect(d360Adapter.handshake).toBeUndefined();
  });

  it("config: requires the routing id and a webhook secret", () => {
    expect(d360Adapter.configSchema.safeParse({ apiKey: "k", phoneNumberId: "1" }).success).toBe(false);
    expect(d360Adapter.configSchema.safeParse({ ...config, webhookHeader: "bad header" }).success).toBe(false);
    expect([...d360Adapter.secretFields].sort()).toEqual(["apiKey", "webhookSecret"]);
  });
});
