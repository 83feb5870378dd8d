import { describe, expect, it } from "vitest";
import { matchChoice } from "../choice-match";
import type { OutboundContent } from "../content";
import { BadPayloadError } from "../errors";
import { fakeFetch, fixture, fixtureJson, fixtureNames } from "../testing/fixtures";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "../types";
import { twilioAdapter } from "./adapter";
import type { TwilioConfig } from "./config";
import { withAndWithoutDefaultPort } from "./verify";

const NOW = new Date("2025-11-21T09:00:00Z");
const FORM = "application/x-www-form-urlencoded";
const ACCOUNT = "AC7f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9c";
const config: TwilioConfig = { accountSid: ACCOUNT, authToken: "tok", phoneNumber: "+14155238886" } as TwilioConfig;
const parsedConfig = twilioAdapter.configSchema.parse(config);
const parse = (raw: string, contentType: string | null = FORM) => twilioAdapter.parse(raw, contentType, { now: NOW });
const only = (raw: string): NormalizedEvent => {
  const { events } = parse(raw);
  expect(events).toHaveLength(1);
  return events[0]!;
};

const IN_KEY = { businessNumber: "14155238886", accountSid: ACCOUNT };
const CASES: Record<string, Partial<InboundMessage> | Partial<StatusUpdate>> = {
  "twilio.inbound.text.form": {
    kind: "message",
    type: "text",
    providerMessageId: "SM4a1c9e7b3d5f2a8c6e0b4d9f1a3c5e7b",
    from: "5511987654321",
    contactName: "Ana Souza",
    timestamp: NOW,
    text: "Oi! Quero saber o horário de funcionamento.",
  },
  "twilio.inbound.reply.form": {
    type: "text",
    text: "Sim, pode confirmar.",
    context: { messageId: "SM9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", from: "14155238886" },
  },
  "twilio.inbound.image.form": {
    type: "image",
    providerMessageId: "MM6c3e1a9d5f7b4c0e8a2d6f1b3c5e7a9d",
    text: "Foto do comprovante",
    media: {
      url: "https://api.twilio.com/2010-04-01/Accounts/AC7f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9c/Messages/MM6c3e1a9d5f7b4c0e8a2d6f1b3c5e7a9d/Media/ME1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c",
      mimeType: "image/jpeg",
      caption: "Foto do comprovante",
    },
  },
  "twilio.inbound.audio.form": { type: "audio", text: undefined, media: { url: expect.stringContaining("/Media/ME2a3b"), mimeType: "audio/ogg" } },
  "twilio.inbound.location.form": {
    type: "location",
    location: { latitude: -23.561414, longitude: -46.655881, name: "MASP", address: "Av. Paulista, 1578 - Bela Vista, São Paulo - SP" },
  },
  "twilio.inbound.button.form": {
    type: "button",
    text: "Sim, confirmar",
    interactive: { kind: "template_button", id: "node:confirm_yes", title: "Sim, confirmar" },
    context: { messageId: "SM0a7c5e3b9d1f8a4c2e6b0d5f7a9c1e3b", from: "14155238886" },
  },
  "twilio.status.sent.form": { kind: "status", providerMessageId: "SM1c9e7a5d1f3b0c6e4a8d2f7b9c1e3a5d", status: "sent", providerStatus: "sent", recipient: "5511987654321", timestamp: NOW },
  "twilio.status.delivered.form": { kind: "status", status: "delivered" },
  "twilio.status.read.form": { kind: "status", status: "read" },
  "twilio.status.failed.form": { kind: "status", status: "failed", error: { code: "63016", title: "24-hour window closed" } },
};

describe("Twilio parser over every fixture", () => {
  it("covers every twilio.* webhook fixture", () => {
    expect(Object.keys(CASES).sort()).toEqual(fixtureNames().filter((f) => f.startsWith("twilio.") && f.endsWith(".form")));
  });

  it.each(Object.entries(CASES))("%s", (file, expected) => {
    const raw = fixture(file);
    const event = only(raw);
    const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
    expect(event).toMatchObject({ channelKey: IN_KEY, ...present });
    for (const [k, v] of Object.entries(expected)) if (v === undefined) expect(event).not.toHaveProperty(k);
    expect(normalizedEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    // Inbound is routed by To, status callbacks by From: both are our number.
    expect(twilioAdapter.routingKeys(raw, FORM)).toEqual([IN_KEY]);
    expect(twilioAdapter.matchesChannel(event.channelKey, parsedConfig)).toBe(true);
  });

  it("maps every Twilio status", () => {
    const cases: [string, string][] = [
      ["queued", "accepted"],
      ["accepted", "accepted"],
      ["sending", "accepted"],
      ["scheduled", "accepted"],
      ["sent", "sent"],
      ["delivered", "delivered"],
      ["read", "read"],
      ["failed", "failed"],
      ["undelivered", "failed"],
      ["canceled", "failed"],
      ["partially_delivered", "unknown"],
    ];
    for (const [twilio, ours] of cases) {
      const event = only(`MessageSid=SM1&MessageStatus=${twilio}&SmsStatus=${twilio}&From=whatsapp%3A%2B14155238886&To=whatsapp%3A%2B5511987654321`);
      expect(event).toMatchObject({ kind: "status", status: ours, providerStatus: twilio });
    }
    expect(only("MessageSid=SM1&MessageStatus=undelivered&ErrorCode=63024&ErrorMessage=Invalid+recipient")).toMatchObject({
      error: { code: "63024", title: "Invalid recipient", message: "Invalid recipient" },
    });
  });

  it("an inbound message never counts as a status callback", () => {
    expect(only("MessageSid=SM1&SmsStatus=received&MessageStatus=received&From=whatsapp%3A%2B5511&Body=hi")).toMatchObject({ kind: "message", type: "text" });
  });

  it("infers the type when MessageType is missing", () => {
    expect(only("MessageSid=MM1&From=whatsapp%3A%2B5511&NumMedia=1&MediaUrl0=https%3A%2F%2Fx%2Fm&MediaContentType0=application%2Fpdf")).toMatchObject({ type: "document" });
    expect(only("MessageSid=SM1&From=whatsapp%3A%2B5511&Latitude=1.5&Longitude=2")).toMatchObject({ type: "location", location: { latitude: 1.5, longitude: 2 } });
    expect(only("MessageSid=SM1&From=whatsapp%3A%2B5511&Body=x&ButtonPayload=p1")).toMatchObject({ type: "button", interactive: { id: "p1", title: "x" } });
    expect(only("MessageSid=SM1&From=whatsapp%3A%2B5511&MessageType=poll&Body=")).toMatchObject({ type: "unknown" });
  });

  it("reads CTWA referral fields", () => {
    expect(only("MessageSid=SM1&From=whatsapp%3A%2B5511&Body=oi&ReferralSourceType=ad&ReferralCtwaClid=abc&ReferralHeadline=H")).toMatchObject({
      referral: { sourceType: "ad", ctwaClid: "abc", headline: "H" },
    });
  });
});

describe("Twilio malformed input", () => {
  it("throws BadPayloadError only when the body is neither form nor JSON", () => {
    expect(() => parse("")).toThrow(BadPayloadError);
    expect(() => parse("{not json", "application/json")).toThrow(BadPayloadError);
  });

  it.each([
    ["Foo=bar", "form without MessageSid"],
    ["MessageSid=SM1&Body=hi", "message without sender"],
  ])("%s → UnknownEvent", (raw, reason) => {
    expect(only(raw)).toMatchObject({ kind: "unknown", reason });
  });

  it("a JSON body is kept as an UnknownEvent", () => {
    expect(only('{"a":1}')).toMatchObject({ kind: "unknown", raw: { a: 1 } });
  });

  it("routingKeys never throws", () => {
    for (const raw of ["", "%%%", "a=%E0%A4%A", "To=whatsapp%3A"]) expect(() => twilioAdapter.routingKeys(raw, FORM)).not.toThrow();
  });
});

describe("Twilio signature URL variants", () => {
  it.each([
    ["https://a.test/x", ["https://a.test/x", "https://a.test:443/x"]],
    ["https://a.test:443/x?y=1", ["https://a.test:443/x?y=1", "https://a.test/x?y=1"]],
    ["http://a.test/x", ["http://a.test/x", "http://a.test:80/x"]],
    ["https://a.test:8443/x", ["https://a.test:8443/x"]],
  ])("%s", (url, expected) => {
    expect(withAndWithoutDefaultPort(url)).toEqual(expected);
  });
});

const CONTENT: [string, OutboundContent, Record<string, string | string[]>][] = [
  ["text", { type: "text", text: "Olá!" }, { Body: "Olá!" }],
  ["image with caption", { type: "image", link: "https://cdn.example.com/a.jpg", caption: "Cardápio" }, { Body: "Cardápio", MediaUrl: "https://cdn.example.com/a.jpg" }],
  ["document", { type: "document", link: "https://cdn.example.com/a.pdf", filename: "a.pdf" }, { MediaUrl: "https://cdn.example.com/a.pdf" }],
  ["audio", { type: "audio", link: "https://cdn.example.com/a.ogg" }, { MediaUrl: "https://cdn.example.com/a.ogg" }],
  ["video", { type: "video", link: "https://cdn.example.com/a.mp4" }, { MediaUrl: "https://cdn.example.com/a.mp4" }],
  ["sticker", { type: "sticker", link: "https://cdn.example.com/a.webp" }, { MediaUrl: "https://cdn.example.com/a.webp" }],
  [
    "buttons as numbered text",
    { type: "buttons", header: "Confirmação", body: "Confirma?", footer: "Clínica Sol", buttons: [{ id: "y", title: "Sim" }, { id: "n", title: "Não" }] },
    { Body: "*Confirmação*\n\nConfirma?\n\n1. Sim\n2. Não\n\n_Clínica Sol_" },
  ],
  [
    "list as numbered text",
    {
      type: "list",
      body: "Escolha",
      button: "Ver",
      sections: [
        { title: "Pedidos", rows: [{ id: "a", title: "Status", description: "Acompanhe" }] },
        { title: "Conta", rows: [{ id: "b", title: "Atendente" }] },
      ],
    },
    { Body: "Escolha\n\n*Pedidos*\n1. Status — Acompanhe\n\n*Conta*\n2. Atendente" },
  ],
  [
    "template via Content API",
    {
      type: "template",
      name: "appointment_reminder",
      language: "pt_BR",
      contentSid: "HX1234",
      bodyParams: [
        { type: "text", text: "Ana" },
        { type: "text", text: "21/11" },
      ],
    },
    { ContentSid: "HX1234", ContentVariables: '{"1":"Ana","2":"21/11"}' },
  ],
  [
    "template with named parameters",
    { type: "template", name: "t", language: "en", contentSid: "HX9", bodyParams: [{ type: "text", text: "Ana", parameterName: "first_name" }] },
    { ContentSid: "HX9", ContentVariables: '{"first_name":"Ana"}' },
  ],
];

describe("Twilio send", () => {
  it.each(CONTENT)("%s", async (_name, content, fields) => {
    const { fetch, calls } = fakeFetch({ status: 201, body: fixtureJson("twilio.api.send.response.json") });
    const result = await twilioAdapter.send(parsedConfig, { to: "5511987654321", content, callbackData: "ignored", replyTo: "SMx" }, { fetch });
    expect(result).toEqual({ providerMessageId: "SM1c9e7a5d1f3b0c6e4a8d2f7b9c1e3a5d" });
    const call = calls[0]!;
    expect(call.url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(call.headers.get("authorization")).toBe(`Basic ${Buffer.from(`${ACCOUNT}:tok`).toString("base64")}`);
    expect(call.headers.get("content-type")).toBe(FORM);
    const form = Object.fromEntries(new URLSearchParams(call.body));
    expect(form).toEqual({ From: "whatsapp:+14155238886", To: "whatsapp:+5511987654321", ...fields });
  });

  it("numbered options map back to the button with matchChoice", () => {
    const choices = [
      { id: "y", title: "Sim" },
      { id: "n", title: "Não" },
    ];
    expect(matchChoice("2", choices)?.id).toBe("n");
    expect(matchChoice(" 1. ", choices)?.id).toBe("y");
    expect(matchChoice("NAO", choices)?.id).toBe("n");
    expect(matchChoice("3", choices)).toBeUndefined();
    expect(matchChoice("talvez", choices)).toBeUndefined();
  });

  it("sets StatusCallback when the public webhook URL is known", async () => {
    const { fetch, calls } = fakeFetch({ body: { sid: "SM2" } });
    await twilioAdapter.send({ ...parsedConfig, publicWebhookUrl: "https://bot.example.com/api/webhooks/twilio" }, { to: "1", content: { type: "text", text: "x" } }, { fetch });
    expect(new URLSearchParams(calls[0]!.body).get("StatusCallback")).toBe("https://bot.example.com/api/webhooks/twilio");
  });

  it("refuses templates without a Content SID and reactions, without calling out", async () => {
    const { fetch, calls } = fakeFetch();
    await expect(twilioAdapter.send(parsedConfig, { to: "1", content: { type: "template", name: "t", language: "en" } }, { fetch })).rejects.toMatchObject({
      code: "template_requires_content_sid",
      retryable: false,
    });
    await expect(twilioAdapter.send(parsedConfig, { to: "1", content: { type: "reaction", messageId: "SM1", emoji: "👍" } }, { fetch })).rejects.toMatchObject({
      code: "unsupported_content",
      retryable: false,
    });
    expect(calls).toHaveLength(0);
  });

  it("classifies Twilio error bodies", async () => {
    const invalid = fakeFetch({ status: 400, body: { code: 21211, message: "The 'To' number is not valid.", more_info: "https://www.twilio.com/docs/errors/21211", status: 400 } });
    await expect(twilioAdapter.send(parsedConfig, { to: "1", content: { type: "text", text: "x" } }, { fetch: invalid.fetch })).rejects.toMatchObject({
      code: "21211",
      retryable: false,
    });
    const limited = fakeFetch({ status: 429, body: { code: 20429, message: "Too Many Requests", more_info: "x", status: 429 } });
    await expect(twilioAdapter.send(parsedConfig, { to: "1", content: { type: "text", text: "x" } }, { fetch: limited.fetch })).rejects.toMatchObject({
      code: "20429",
      retryable: true,
    });
  });

  it("has no markRead and no handshake", () => {
    expect(twilioAdapter.markRead).toBeUndefined();
    expect(twilioAdapter.handshake).toBeUndefined();
  });

  it("config: AC sid, normalized sender, optional public URL", () => {
    expect(parsedConfig.phoneNumber).toBe("14155238886");
    expect(twilioAdapter.configSchema.safeParse({ ...config, accountSid: "XX1" }).success).toBe(false);
    expect(twilioAdapter.configSchema.safeParse({ ...config, publicWebhookUrl: "not a url" }).success).toBe(false);
    expect(twilioAdapter.matchesChannel({ businessNumber: "14155238886", accountSid: "ACother" }, parsedConfig)).toBe(false);
  });
});
