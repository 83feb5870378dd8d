import { describe, expect, it } from "vitest";
import { BadPayloadError } from "../errors";
import { fixture, fixtureNames } from "../testing/fixtures";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "../types";
import { metaRoutingKeys, parseMetaWebhook } from "./parse";

const NOW = new Date("2025-11-21T08:00:00Z");
const KEY = { phoneNumberId: "109876543210987", displayPhoneNumber: "15550101234", businessNumber: "15550101234" };
const at = (unix: number) => new Date(unix * 1000);

const parse = (raw: string) => parseMetaWebhook(raw, "application/json", { now: NOW });
const only = (raw: string): NormalizedEvent => {
  const { events } = parse(raw);
  expect(events).toHaveLength(1);
  return events[0]!;
};

type Expectation = Partial<InboundMessage> | Partial<StatusUpdate>;

/** Every inbound/status fixture of the Cloud API envelope (Meta and 360dialog). */
const CASES: Record<string, Expectation> = {
  "meta.text.json": {
    kind: "message",
    type: "text",
    providerMessageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjA1QzdENEY2QTAxQ0E5QUU0NTIA",
    from: "5511987654321",
    contactName: "Ana Souza",
    timestamp: at(1763712001),
    text: "Oi! Quero saber o horário de funcionamento.",
  },
  "meta.text.reply-context.json": {
    type: "text",
    text: "Sim, pode confirmar.",
    context: { messageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD01ODdEMzEA", from: "15550101234" },
  },
  "meta.image.json": {
    type: "image",
    text: "Foto do comprovante",
    media: {
      id: "1234567890123456",
      mimeType: "image/jpeg",
      sha256: "pRlW0VwGv0Xr0bM1l2S7Zs3n1A4vqk0Xk9q8l8m3xYs=",
      caption: "Foto do comprovante",
      url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1234567890123456&ext=1763715600&hash=ATu7kq3Zx9Qw",
    },
  },
  "meta.audio.voice.json": { type: "audio", media: expect.objectContaining({ id: "2234567890123456", voice: true, mimeType: "audio/ogg; codecs=opus" }) },
  "meta.video.json": { type: "video", text: "Vídeo do defeito", media: expect.objectContaining({ id: "3234567890123456", mimeType: "video/mp4" }) },
  "meta.document.json": {
    type: "document",
    text: "Segue a nota fiscal",
    media: expect.objectContaining({ id: "4234567890123456", filename: "nota-fiscal-4521.pdf", mimeType: "application/pdf" }),
  },
  "meta.sticker.json": { type: "sticker", media: expect.objectContaining({ id: "5234567890123456", animated: false, mimeType: "image/webp" }) },
  "meta.location.json": {
    type: "location",
    location: { latitude: -23.561414, longitude: -46.655881, name: "MASP", address: "Av. Paulista, 1578 - Bela Vista, São Paulo - SP", url: "https://masp.org.br" },
  },
  "meta.contacts.json": {
    type: "contacts",
    contacts: [
      {
        name: "Carlos Lima",
        firstName: "Carlos",
        lastName: "Lima",
        phones: [{ phone: "+55 21 99876-5432", waId: "5521998765432", type: "CELL" }],
        emails: [{ email: "carlos.lima@example.com", type: "WORK" }],
        org: "Lima Transportes",
      },
    ],
  },
  "meta.interactive.button_reply.json": {
    type: "interactive",
    text: "Sim, confirmar",
    interactive: { kind: "button_reply", id: "node:confirm_yes", title: "Sim, confirmar" },
    context: { messageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD02ODdEMzEA", from: "15550101234" },
  },
  "meta.interactive.list_reply.json": {
    type: "interactive",
    text: "Status da entrega",
    interactive: { kind: "list_reply", id: "opt:delivery_status", title: "Status da entrega", description: "Acompanhe seu pedido" },
  },
  "meta.button.json": {
    type: "button",
    text: "Remarcar",
    interactive: { kind: "template_button", id: "appt:reschedule:8812", title: "Remarcar" },
    context: { messageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD04ODdEMzEA", from: "15550101234" },
  },
  "meta.reaction.json": { type: "reaction", reaction: { messageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD05ODdEMzEA", emoji: "👍" } },
  "meta.order.json": {
    type: "order",
    text: "Quero retirar na loja",
    order: {
      catalogId: "778899001122334",
      text: "Quero retirar na loja",
      items: [
        { productRetailerId: "SKU-CAFE-250G", quantity: 2, itemPrice: 29.9, currency: "BRL" },
        { productRetailerId: "SKU-FILTRO-103", quantity: 1, itemPrice: 12.5, currency: "BRL" },
      ],
    },
  },
  "meta.system.user_changed_number.json": {
    type: "system",
    contactName: undefined,
    text: "User Ana Souza changed from 5511987654321 to 5511912345678",
    system: { body: "User Ana Souza changed from 5511987654321 to 5511912345678", type: "user_changed_number", newWaId: "5511912345678" },
  },
  "meta.unsupported.json": {
    type: "unsupported",
    errors: [{ code: "131051", title: "Message type unknown", message: "Message type unknown", details: "Message type is currently not supported." }],
  },
  "meta.referral.ctwa.json": {
    type: "text",
    text: "Olá! Vi o anúncio e quero mais informações.",
    referral: {
      sourceUrl: "https://fb.me/3cr4Wqqkv",
      sourceId: "120212345678900001",
      sourceType: "ad",
      headline: "Frete grátis nesta semana",
      body: "Peça pelo WhatsApp e receba em 24h",
      mediaType: "image",
      imageUrl: "https://scontent.xx.fbcdn.net/v/t45.1600-4/ad-image.jpg",
      ctwaClid: "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a",
    },
  },
  "meta.request_welcome.json": { type: "request_welcome", from: "5511987654321", text: undefined },
  "meta.status.sent.json": {
    kind: "status",
    providerMessageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD06ODdEMzEA",
    status: "sent",
    timestamp: at(1763712100),
    recipient: "5511987654321",
    callbackData: "flow=onboarding;node=n_12",
    conversation: { id: "b3f1c6e0a7d2e49c8f5a1b2c3d4e5f60", originType: "service", expiresAt: at(1763798500) },
    pricing: { model: "PMP", category: "service", type: "free_customer_service", billable: false },
  },
  "meta.status.delivered.json": { kind: "status", status: "delivered", timestamp: at(1763712102), callbackData: "flow=onboarding;node=n_12" },
  "meta.status.read.json": { kind: "status", status: "read", timestamp: at(1763712160), conversation: undefined, pricing: undefined },
  "meta.status.failed.json": {
    kind: "status",
    status: "failed",
    providerMessageId: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD08ODdEMzEA",
    error: {
      code: "131047",
      title: "Re-engagement message",
      message: "Re-engagement message",
      details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    },
  },
  "meta.status.failed.131026.json": { kind: "status", status: "failed", recipient: "5511900000000", error: expect.objectContaining({ code: "131026", title: "Message undeliverable" }) },
  "d360.inbound.text.json": { kind: "message", type: "text", from: "5511987654321", text: "Oi! Quero saber o horário de funcionamento." },
  "d360.status.delivered.json": { kind: "status", status: "delivered" },
  "d360.status.failed.json": { kind: "status", status: "failed", error: expect.objectContaining({ code: "131047" }) },
};

const NOT_EVENTS = new Set(["meta.verify.get.json"]);

describe("Meta / 360dialog parser over every fixture", () => {
  it("covers every meta.* and d360.* webhook fixture", () => {
    const files = fixtureNames().filter((f) => /^(meta|d360)\./.test(f) && !f.includes(".api.") && !NOT_EVENTS.has(f));
    expect(Object.keys(CASES).sort()).toEqual(files);
  });

  it.each(Object.entries(CASES))("%s", (file, expected) => {
    const raw = fixture(file);
    const event = only(raw);
    const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
    expect(event).toMatchObject({ channelKey: KEY, ...present });
    // Fields expected as undefined must be absent.
    for (const [k, v] of Object.entries(expected)) if (v === undefined) expect(event).not.toHaveProperty(k);
    expect(event.kind).not.toBe("unknown");
    // Round-trips through JSON and the zod schema (the processor stores events as JSON).
    expect(normalizedEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(metaRoutingKeys(raw)).toEqual([KEY]);
  });

  it("keeps the provider's message object as raw", () => {
    const event = only(fixture("meta.text.json"));
    expect(event.raw).toMatchObject({ id: "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjA1QzdENEY2QTAxQ0E5QUU0NTIA", type: "text" });
  });
});

const envelope = (changes: unknown[], entries = 1) => ({
  object: "whatsapp_business_account",
  entry: Array.from({ length: entries }, (_, i) => ({ id: `waba${i}`, changes })),
});
const value = (phoneNumberId: string, extra: Record<string, unknown>) => ({
  field: "messages",
  value: { messaging_product: "whatsapp", metadata: { display_phone_number: "+1 555 0100", phone_number_id: phoneNumberId }, ...extra },
});
const textMsg = (id: string, from: string) => ({ id, from, timestamp: "1763712001", type: "text", text: { body: id } });

describe("batched payloads", () => {
  it("walks every entry, change, message and status, each with its own channel key", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "w1",
          changes: [
            value("111", {
              contacts: [
                { profile: { name: "Ana" }, wa_id: "551" },
                { profile: { name: "Bia" }, wa_id: "552" },
              ],
              messages: [textMsg("m1", "551"), textMsg("m2", "552")],
            }),
            value("111", { statuses: [{ id: "s1", status: "sent", timestamp: "1763712100" }, { id: "s1", status: "delivered", timestamp: "1763712101" }] }),
          ],
        },
        { id: "w2", changes: [value("222", { messages: [textMsg("m3", "553")] })] },
      ],
    };
    const { events, routing } = parse(JSON.stringify(body));
    expect(events.map((e) => [e.kind, e.channelKey.phoneNumberId])).toEqual([
      ["message", "111"],
      ["message", "111"],
      ["status", "111"],
      ["status", "111"],
      ["message", "222"],
    ]);
    expect(events.slice(0, 2).map((e) => (e.kind === "message" ? e.contactName : null))).toEqual(["Ana", "Bia"]);
    expect(routing.phoneNumberId).toBe("111");
    expect(events[0]?.channelKey.businessNumber).toBe("15550100");
    expect(metaRoutingKeys(JSON.stringify(body)).map((k) => k.phoneNumberId)).toEqual(["111", "222"]);
  });

  it("turns other fields into UnknownEvents without losing the messages next to them", () => {
    const body = envelope([
      { field: "message_template_status_update", value: { event: "APPROVED", message_template_id: 1 } },
      value("111", { messages: [textMsg("m1", "551")] }),
    ]);
    const { events } = parse(JSON.stringify(body));
    expect(events.map((e) => e.kind)).toEqual(["unknown", "message"]);
    expect(events[0]).toMatchObject({ kind: "unknown", reason: "unsupported field: message_template_status_update" });
  });
});

describe("malformed input", () => {
  it("throws BadPayloadError only for a body that is not JSON", () => {
    expect(() => parse("not json")).toThrow(BadPayloadError);
    expect(() => parse("")).toThrow(BadPayloadError);
    expect(() => parse('{"object":')).toThrow(BadPayloadError);
  });

  it.each([
    ["{}", "not a WhatsApp Business Account payload"],
    ["[]", "not a WhatsApp Business Account payload"],
    ["null", "not a WhatsApp Business Account payload"],
    ['"hello"', "not a WhatsApp Business Account payload"],
    ['{"object":"whatsapp_business_account","entry":[]}', "payload without events"],
    ['{"object":"whatsapp_business_account","entry":[{"id":"1"}]}', "entry without changes"],
    ['{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages"}]}]}', "unsupported field: messages"],
    ['{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{}}]}]}', "change without messages or statuses"],
    ['{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[42]}}]}]}', "message is not an object"],
    ['{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"1","type":"text"}]}}]}]}', "message without id"],
    ['{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x","type":"text"}]}}]}]}', "message without sender"],
    ['{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"status":"sent"}]}}]}]}', "status without id or status"],
  ])("%s → UnknownEvent", (raw, reason) => {
    const { events } = parse(raw);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "unknown", reason });
  });

  it("an unknown message type becomes type `unknown` and keeps its raw object", () => {
    const msg = { id: "m1", from: "551", timestamp: "1", type: "poll_vote", poll_vote: { option: 2 } };
    const event = only(JSON.stringify(envelope([value("111", { messages: [msg] })])));
    expect(event).toMatchObject({ kind: "message", type: "unknown", raw: msg });
  });

  it("tolerates wrong field types and missing content objects", () => {
    const msgs = [
      { id: "a", from: "551", timestamp: "soon", type: "text", text: "not an object" },
      { id: "b", from: "551", type: "image" },
      { id: "c", from: "551", type: "location", location: { latitude: "-23.5", longitude: "-46.6" } },
      { id: "d", from: "551", type: "location", location: { name: "no coordinates" } },
      { id: "e", from: "551", type: "interactive", interactive: { type: "call_permission_reply", call_permission_reply: { response: "accept" } } },
      { id: "f", from: "551", type: "reaction", reaction: { message_id: "wamid.x" } },
      { id: "g", from: "551", type: "interactive", interactive: { type: "nfm_reply", nfm_reply: { name: "flow", body: "Sent", response_json: '{"a":1}' } } },
    ];
    const { events } = parse(JSON.stringify(envelope([value("111", { messages: msgs })])));
    expect(events.map((e) => e.kind)).toEqual(Array(7).fill("message"));
    const [a, b, c, d, e, f, g] = events as InboundMessage[];
    expect(a).toMatchObject({ type: "text", timestamp: NOW });
    expect(a?.text).toBeUndefined();
    expect(b).toMatchObject({ type: "image" });
    expect(c?.location).toEqual({ latitude: -23.5, longitude: -46.6 });
    expect(d?.location).toBeUndefined();
    expect(e).toMatchObject({ type: "interactive" });
    expect(e?.interactive).toBeUndefined();
    expect(f?.reaction).toEqual({ messageId: "wamid.x", emoji: "" });
    expect(g?.interactive).toEqual({ kind: "nfm_reply", id: "flow", title: "Sent", responseJson: '{"a":1}' });
  });

  it("maps retired and unknown statuses without dropping them", () => {
    const statuses = [
      { id: "s", status: "played", timestamp: "1" },
      { id: "s", status: "deleted", timestamp: "2" },
      { id: "s", status: "warning", timestamp: "3" },
    ];
    const events = parse(JSON.stringify(envelope([value("111", { statuses })]))).events as StatusUpdate[];
    expect(events.map((e) => [e.status, e.providerStatus])).toEqual([
      ["played", "played"],
      ["deleted", "deleted"],
      ["unknown", "warning"],
    ]);
  });

  it("accepts BSUID-only senders", () => {
    const msg = { id: "m", from_user_id: "US.abc", timestamp: "1", type: "text", text: { body: "hi" } };
    const event = only(JSON.stringify(envelope([value("111", { contacts: [{ user_id: "US.abc", profile: { name: "Zé" } }], messages: [msg] })])));
    expect(event).toMatchObject({ kind: "message", from: "US.abc", fromUserId: "US.abc", contactName: "Zé" });
  });

  it("routingKeys never throws", () => {
    for (const raw of ["", "x", "null", "{}", '{"entry":5}', '{"entry":[null,{"changes":[null,5,{"value":null}]}]}']) {
      expect(metaRoutingKeys(raw)).toEqual([]);
    }
  });
});
