import { describe, expect, it } from "vitest";
import type { OutboundContent } from "../content";
import { BadPayloadError, SendError } from "../errors";
import { fakeFetch, fixture, fixtureJson, fixtureNames } from "../testing/fixtures";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "../types";
import { ycloudAdapter } from "./adapter";
import type { YCloudConfig } from "./config";

const NOW = new Date("2025-11-21T09:00:00Z");
const config: YCloudConfig = { apiKey: "yc-key", phoneNumber: "15550101234", webhookSecret: "whsec_x" };
const parse = (raw: string) => ycloudAdapter.parse(raw, "application/json", { now: NOW });
const only = (raw: string): NormalizedEvent => {
  const { events } = parse(raw);
  expect(events).toHaveLength(1);
  return events[0]!;
};
const wamid = (n: string) => `wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjA${n}QzdENEY2QTAxQ0E5QUU0NTIA`;
const OUT_WAMID = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD06ODdEMzEA";

const CASES: Record<string, Partial<InboundMessage> | Partial<StatusUpdate>> = {
  "ycloud.inbound.text.json": {
    kind: "message",
    type: "text",
    providerMessageId: wamid("51"),
    from: "5511987654321",
    contactName: "Ana Souza",
    timestamp: new Date("2025-11-21T08:00:01.000Z"),
    text: "Oi! Quero saber o horário de funcionamento.",
  },
  "ycloud.inbound.image.json": {
    type: "image",
    text: "Foto do comprovante",
    media: expect.objectContaining({ id: "1234567890123456", url: "https://api.ycloud.com/v2/whatsapp/media/download/1234567890123456", mimeType: "image/jpeg" }),
  },
  "ycloud.inbound.audio.json": { type: "audio", media: expect.objectContaining({ id: "2234567890123456", mimeType: "audio/ogg; codecs=opus" }) },
  "ycloud.inbound.document.json": { type: "document", text: "Segue a nota fiscal", media: expect.objectContaining({ filename: "nota-fiscal-4521.pdf" }) },
  "ycloud.inbound.location.json": { type: "location", location: { latitude: -23.561414, longitude: -46.655881, name: "MASP", address: "Av. Paulista, 1578 - Bela Vista, São Paulo - SP" } },
  "ycloud.inbound.interactive.button_reply.json": {
    type: "interactive",
    interactive: { kind: "button_reply", id: "node:confirm_yes", title: "Sim, confirmar" },
    context: { messageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD02ODdEMzEA", from: "15550101234" },
  },
  "ycloud.inbound.interactive.list_reply.json": {
    type: "interactive",
    text: "Status da entrega",
    interactive: { kind: "list_reply", id: "opt:delivery_status", title: "Status da entrega", description: "Acompanhe seu pedido" },
  },
  "ycloud.inbound.button.json": { type: "button", text: "Remarcar", interactive: { kind: "template_button", id: "appt:reschedule:8812", title: "Remarcar" } },
  "ycloud.inbound.reaction.json": { type: "reaction", reaction: { messageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD05ODdEMzEA", emoji: "👍" } },
  "ycloud.inbound.referral.json": { type: "text", referral: expect.objectContaining({ sourceType: "ad", ctwaClid: expect.stringMatching(/^ARAk/), headline: "Frete grátis nesta semana" }) },
  "ycloud.status.sent.json": {
    kind: "status",
    providerMessageId: "691f60118c3b4d0012ab9f01",
    wamid: OUT_WAMID,
    status: "sent",
    timestamp: new Date("2025-11-21T08:01:41.000Z"),
    recipient: "5511987654321",
    callbackData: "run_84c1:node_n12",
    conversation: { id: "b3f1c6e0a7d2e49c8f5a1b2c3d4e5f60", originType: "service", expiresAt: new Date("2025-11-22T08:01:41.000Z") },
    pricing: { model: "PMP", category: "service", type: "free_customer_service", amount: 0, currency: "USD" },
  },
  "ycloud.status.delivered.json": { kind: "status", status: "delivered", timestamp: new Date("2025-11-21T08:01:42.000Z"), callbackData: "run_84c1:node_n12" },
  "ycloud.status.read.json": { kind: "status", status: "read", timestamp: new Date("2025-11-21T08:02:40.000Z") },
  "ycloud.status.failed.json": {
    kind: "status",
    status: "failed",
    providerMessageId: "691f60118c3b4d0012ab9f01",
    timestamp: new Date("2025-11-21T08:01:42.000Z"),
    error: {
      code: "131047",
      title: "Re-engagement message",
      message: "Re-engagement message",
      details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    },
  },
};

describe("YCloud parser over every fixture", () => {
  it("covers every ycloud.* webhook fixture", () => {
    expect(Object.keys(CASES).sort()).toEqual(fixtureNames().filter((f) => f.startsWith("ycloud.") && !f.includes(".api.")));
  });

  it.each(Object.entries(CASES))("%s", (file, expected) => {
    const raw = fixture(file);
    const event = only(raw);
    expect(event).toMatchObject({ channelKey: { businessNumber: "15550101234" }, ...expected });
    expect(normalizedEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(ycloudAdapter.routingKeys(raw, "application/json")).toEqual([{ businessNumber: "15550101234" }]);
    expect(ycloudAdapter.matchesChannel(event.channelKey, config)).toBe(true);
  });

  it("status raw is the whole envelope (its id is YCloud's event id)", () => {
    expect(only(fixture("ycloud.status.sent.json")).raw).toMatchObject({ id: "evt_rS8yHVgv7aiRWjYP", type: "whatsapp.message.updated" });
  });

  it("keys statuses on YCloud's id, which is what send returned", async () => {
    const { fetch } = fakeFetch({ body: fixtureJson("ycloud.api.enqueue.response.json") });
    const sent = await ycloudAdapter.send(config, { to: "+5511987654321", content: { type: "text", text: "x" } }, { fetch });
    expect((only(fixture("ycloud.status.delivered.json")) as StatusUpdate).providerMessageId).toBe(sent.providerMessageId);
  });
});

describe("YCloud malformed input", () => {
  it("throws BadPayloadError only for non-JSON", () => {
    expect(() => parse("<xml/>")).toThrow(BadPayloadError);
  });

  it.each([
    ["{}", "unsupported YCloud event: (no type)"],
    ["[1]", "unsupported YCloud event: (no type)"],
    ['{"id":"evt_1","type":"whatsapp.template.reviewed","whatsappTemplate":{}}', "unsupported YCloud event: whatsapp.template.reviewed"],
    ['{"id":"evt_1","type":"whatsapp.inbound_message.received"}', "unsupported YCloud event: whatsapp.inbound_message.received"],
    ['{"id":"evt_1","type":"whatsapp.inbound_message.received","whatsappInboundMessage":{"type":"text"}}', "message without id"],
    ['{"id":"evt_1","type":"whatsapp.message.updated","whatsappMessage":{"from":"+15550101234"}}', "status without id or status"],
  ])("%s → UnknownEvent", (raw, reason) => {
    expect(only(raw)).toMatchObject({ kind: "unknown", reason });
  });

  it("an unknown message type becomes type unknown; YCloud error codes stay strings", () => {
    const inbound = {
      id: "evt_9",
      type: "whatsapp.inbound_message.received",
      whatsappInboundMessage: { wamid: "wamid.z", from: "+5511987654321", to: "+15550101234", type: "unsupported", errors: [{ code: "131060", title: "This message is currently unavailable." }] },
    };
    expect(only(JSON.stringify(inbound))).toMatchObject({ kind: "message", type: "unsupported", errors: [{ code: "131060" }] });
    const failed = { id: "evt_8", type: "whatsapp.message.updated", whatsappMessage: { id: "y1", from: "+15550101234", status: "failed", errorCode: "BALANCE_INSUFFICIENT" } };
    expect(only(JSON.stringify(failed))).toMatchObject({ kind: "status", status: "failed", error: { code: "BALANCE_INSUFFICIENT", title: "YCloud balance too low" }, timestamp: NOW });
  });
});

const CONTENT: [string, OutboundContent, Record<string, unknown>][] = [
  ["text", { type: "text", text: "Nosso horário é de 9h às 18h." }, { type: "text", text: { body: "Nosso horário é de 9h às 18h.", preview_url: false } }],
  ["image", { type: "image", link: "https://cdn.example.com/a.jpg", caption: "c" }, { type: "image", image: { link: "https://cdn.example.com/a.jpg", caption: "c" } }],
  ["document", { type: "document", link: "https://cdn.example.com/a.pdf", filename: "a.pdf" }, { type: "document", document: { link: "https://cdn.example.com/a.pdf", filename: "a.pdf" } }],
  ["audio", { type: "audio", link: "https://cdn.example.com/a.ogg" }, { type: "audio", audio: { link: "https://cdn.example.com/a.ogg" } }],
  ["video", { type: "video", link: "https://cdn.example.com/a.mp4" }, { type: "video", video: { link: "https://cdn.example.com/a.mp4" } }],
  ["sticker", { type: "sticker", link: "https://cdn.example.com/a.webp" }, { type: "sticker", sticker: { link: "https://cdn.example.com/a.webp" } }],
  [
    "buttons",
    { type: "buttons", body: "Ok?", footer: "f", buttons: [{ id: "a", title: "A" }] },
    { type: "interactive", interactive: { type: "button", body: { text: "Ok?" }, footer: { text: "f" }, action: { buttons: [{ type: "reply", reply: { id: "a", title: "A" } }] } } },
  ],
  [
    "list",
    { type: "list", body: "Pick", button: "Open", sections: [{ rows: [{ id: "r1", title: "R1" }] }] },
    { type: "interactive", interactive: { type: "list", body: { text: "Pick" }, action: { button: "Open", sections: [{ rows: [{ id: "r1", title: "R1" }] }] } } },
  ],
  [
    "template",
    { type: "template", name: "promo", language: "pt_BR", bodyParams: [{ type: "text", text: "Ana" }] },
    { type: "template", template: { name: "promo", language: { code: "pt_BR" }, components: [{ type: "body", parameters: [{ type: "text", text: "Ana" }] }] } },
  ],
  ["reaction", { type: "reaction", messageId: "wamid.a", emoji: "❤️" }, { type: "reaction", reaction: { message_id: "wamid.a", emoji: "❤️" } }],
];

describe("YCloud send", () => {
  it.each(CONTENT)("%s", async (_name, content, wire) => {
    const { fetch, calls } = fakeFetch({ body: fixtureJson("ycloud.api.enqueue.response.json") });
    const result = await ycloudAdapter.send(config, { to: "5511987654321", content, callbackData: "run_84c1:node_n12" }, { fetch });
    expect(result).toEqual({ providerMessageId: "691f60118c3b4d0012ab9f01" });
    const call = calls[0]!;
    expect(call.url).toBe("https://api.ycloud.com/v2/whatsapp/messages");
    expect(call.headers.get("x-api-key")).toBe("yc-key");
    expect(JSON.parse(call.body)).toEqual({ from: "+15550101234", to: "+5511987654321", externalId: "run_84c1:node_n12", ...wire });
  });

  it("quotes with context and honours apiBaseUrl", async () => {
    const { fetch, calls } = fakeFetch({ body: { id: "y1" } });
    await ycloudAdapter.send({ ...config, apiBaseUrl: "https://yc.test/v2/" }, { to: "whatsapp:+5511987654321", content: { type: "text", text: "x" }, replyTo: "wamid.q" }, { fetch });
    expect(calls[0]?.url).toBe("https://yc.test/v2/whatsapp/messages");
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ to: "+5511987654321", context: { message_id: "wamid.q" } });
  });

  it("classifies the wrapped Meta error (131056 → retryable)", async () => {
    const { fetch } = fakeFetch({ status: 429, body: fixture("ycloud.api.error.131056.json") });
    const error = (await ycloudAdapter.send(config, { to: "1", content: { type: "text", text: "x" } }, { fetch }).catch((e: unknown) => e)) as SendError;
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ code: "131056", retryable: true, httpStatus: 429 });
    expect(error.details).toMatch(/too many messages/);
  });

  it("classifies YCloud's own codes", async () => {
    const balance = fakeFetch({ status: 400, body: { error: { status: 400, code: "BALANCE_INSUFFICIENT", message: "Insufficient balance." } } });
    await expect(ycloudAdapter.send(config, { to: "1", content: { type: "text", text: "x" } }, { fetch: balance.fetch })).rejects.toMatchObject({
      code: "BALANCE_INSUFFICIENT",
      retryable: false,
    });
    const busy = fakeFetch({ status: 429, body: { error: { status: 429, code: "TOO_MANY_REQUESTS", message: "Slow down" } } });
    await expect(ycloudAdapter.send(config, { to: "1", content: { type: "text", text: "x" } }, { fetch: busy.fetch })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      retryable: true,
    });
  });

  it("marks inbound messages read by id or wamid", async () => {
    const { fetch, calls } = fakeFetch({ body: {} });
    await ycloudAdapter.markRead?.(config, "wamid.HBg=", { fetch });
    expect(calls[0]?.url).toBe("https://api.ycloud.com/v2/whatsapp/inboundMessages/wamid.HBg%3D/markAsRead");
    expect(calls[0]?.headers.get("x-api-key")).toBe("yc-key");
  });

  it("config normalizes the business number", () => {
    expect(ycloudAdapter.configSchema.parse({ ...config, phoneNumber: "+1 (555) 010-1234" }).phoneNumber).toBe("15550101234");
    expect(ycloudAdapter.configSchema.safeParse({ ...config, phoneNumber: "abc" }).success).toBe(false);
  });
});
