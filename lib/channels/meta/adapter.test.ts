import { describe, expect, it } from "vitest";
import type { OutboundContent } from "../content";
import { SendError } from "../errors";
import { fakeFetch, fixture, fixtureJson, hangingFetch } from "../testing/fixtures";
import { metaAdapter } from "./adapter";
import type { MetaConfig } from "./config";
import { toMetaMessage } from "./to-wire";

const config: MetaConfig = { phoneNumberId: "109876543210987", accessToken: "EAAG-token", appSecret: "s", verifyToken: "vt_3f9c2b7a" };
const SUCCESS = fixtureJson("meta.api.send.success.json");
const WAMID = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjZCNTRFMkE5RjFD12ODdEMzEA";

describe("GET handshake", () => {
  const vector = fixtureJson<{ url: string; configured_verify_token: string; expected_response: { status: number; body: string }; on_token_mismatch: { status: number } }>(
    "meta.verify.get.json",
  );
  const query = new URL(vector.url, "https://bot.example.com").searchParams;

  it("echoes the challenge as plain text when the token matches", () => {
    expect(metaAdapter.handshake?.(query, { ...config, verifyToken: vector.configured_verify_token })).toEqual({
      status: vector.expected_response.status,
      body: vector.expected_response.body,
    });
  });

  it("answers 403 on a wrong token or mode", () => {
    expect(metaAdapter.handshake?.(query, { ...config, verifyToken: "other" })?.status).toBe(vector.on_token_mismatch.status);
    const wrongMode = new URLSearchParams(query);
    wrongMode.set("hub.mode", "unsubscribe");
    expect(metaAdapter.handshake?.(wrongMode, config)?.status).toBe(403);
    const noToken = new URLSearchParams(query);
    noToken.delete("hub.verify_token");
    expect(metaAdapter.handshake?.(noToken, config)?.status).toBe(403);
  });

  it("returns null for a GET that is not a handshake", () => {
    expect(metaAdapter.handshake?.(new URLSearchParams("foo=bar"), config)).toBeNull();
  });
});

const to = "+55 11 98765-4321";
const CONTENT_CASES: [string, OutboundContent, Record<string, unknown>][] = [
  ["text", { type: "text", text: "Olá! Como posso ajudar?" }, { type: "text", text: { body: "Olá! Como posso ajudar?", preview_url: false } }],
  ["text with preview", { type: "text", text: "https://x.y", previewUrl: true }, { type: "text", text: { body: "https://x.y", preview_url: true } }],
  [
    "image",
    { type: "image", link: "https://cdn.example.com/menu.jpg", caption: "Cardápio" },
    { type: "image", image: { link: "https://cdn.example.com/menu.jpg", caption: "Cardápio" } },
  ],
  ["video", { type: "video", link: "https://cdn.example.com/a.mp4" }, { type: "video", video: { link: "https://cdn.example.com/a.mp4" } }],
  [
    "audio drops the caption",
    { type: "audio", link: "https://cdn.example.com/a.ogg", caption: "ignored" },
    { type: "audio", audio: { link: "https://cdn.example.com/a.ogg" } },
  ],
  ["sticker", { type: "sticker", link: "https://cdn.example.com/s.webp" }, { type: "sticker", sticker: { link: "https://cdn.example.com/s.webp" } }],
  [
    "document",
    { type: "document", link: "https://cdn.example.com/boleto.pdf", filename: "boleto.pdf", caption: "Seu boleto" },
    { type: "document", document: { link: "https://cdn.example.com/boleto.pdf", filename: "boleto.pdf", caption: "Seu boleto" } },
  ],
  [
    "buttons",
    {
      type: "buttons",
      header: "Confirmação",
      body: "Confirma o agendamento para amanhã às 10h?",
      footer: "Clínica Sol",
      buttons: [
        { id: "node:confirm_yes", title: "Sim, confirmar" },
        { id: "node:confirm_no", title: "Não" },
      ],
    },
    {
      type: "interactive",
      interactive: {
        type: "button",
        header: { type: "text", text: "Confirmação" },
        body: { text: "Confirma o agendamento para amanhã às 10h?" },
        footer: { text: "Clínica Sol" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "node:confirm_yes", title: "Sim, confirmar" } },
            { type: "reply", reply: { id: "node:confirm_no", title: "Não" } },
          ],
        },
      },
    },
  ],
  [
    "list",
    {
      type: "list",
      body: "Escolha uma opção",
      button: "Ver opções",
      sections: [
        { title: "Pedidos", rows: [{ id: "opt:delivery_status", title: "Status da entrega", description: "Acompanhe seu pedido" }] },
        { title: "Conta", rows: [{ id: "opt:talk_agent", title: "Falar com atendente" }] },
      ],
    },
    {
      type: "interactive",
      interactive: {
        type: "list",
        body: { text: "Escolha uma opção" },
        action: {
          button: "Ver opções",
          sections: [
            { title: "Pedidos", rows: [{ id: "opt:delivery_status", title: "Status da entrega", description: "Acompanhe seu pedido" }] },
            { title: "Conta", rows: [{ id: "opt:talk_agent", title: "Falar com atendente" }] },
          ],
        },
      },
    },
  ],
  [
    "template with components",
    {
      type: "template",
      name: "appointment_reminder",
      language: "pt_BR",
      headerParams: [{ type: "text", text: "Clínica Sol" }],
      bodyParams: [
        { type: "text", text: "Ana" },
        { type: "text", text: "21/11 às 10h", parameterName: "when" },
      ],
      buttonPayloads: ["appt:confirm:8812", "appt:reschedule:8812"],
    },
    {
      type: "template",
      template: {
        name: "appointment_reminder",
        language: { code: "pt_BR" },
        components: [
          { type: "header", parameters: [{ type: "text", text: "Clínica Sol" }] },
          {
            type: "body",
            parameters: [
              { type: "text", text: "Ana" },
              { type: "text", parameter_name: "when", text: "21/11 às 10h" },
            ],
          },
          { type: "button", sub_type: "quick_reply", index: "0", parameters: [{ type: "payload", payload: "appt:confirm:8812" }] },
          { type: "button", sub_type: "quick_reply", index: "1", parameters: [{ type: "payload", payload: "appt:reschedule:8812" }] },
        ],
      },
    },
  ],
  ["template without parameters", { type: "template", name: "hello_world", language: "en_US" }, { type: "template", template: { name: "hello_world", language: { code: "en_US" } } }],
  ["reaction", { type: "reaction", messageId: "wamid.abc", emoji: "👍" }, { type: "reaction", reaction: { message_id: "wamid.abc", emoji: "👍" } }],
  ["reaction removal", { type: "reaction", messageId: "wamid.abc", emoji: "" }, { type: "reaction", reaction: { message_id: "wamid.abc", emoji: "" } }],
];

describe("send", () => {
  it.each(CONTENT_CASES)("%s", async (_name, content, wire) => {
    const { fetch, calls } = fakeFetch({ body: SUCCESS });
    const result = await metaAdapter.send(config, { to, content, callbackData: "run_1:node_2" }, { fetch });
    expect(result).toEqual({ providerMessageId: WAMID });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.url).toBe("https://graph.facebook.com/v23.0/109876543210987/messages");
    expect(call.method).toBe("POST");
    expect(call.headers.get("authorization")).toBe("Bearer EAAG-token");
    expect(call.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(call.body)).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "5511987654321",
      biz_opaque_callback_data: "run_1:node_2",
      ...wire,
    });
  });

  it("quotes with context.message_id, honours apiBaseUrl / apiVersion", async () => {
    const { fetch, calls } = fakeFetch({ body: SUCCESS });
    await metaAdapter.send(
      { ...config, apiBaseUrl: "https://graph.example.test/", apiVersion: "v24.0" },
      { to: "5511987654321", content: { type: "text", text: "oi" }, replyTo: "wamid.q" },
      { fetch },
    );
    expect(calls[0]?.url).toBe("https://graph.example.test/v24.0/109876543210987/messages");
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ context: { message_id: "wamid.q" } });
    expect(JSON.parse(calls[0]!.body)).not.toHaveProperty("biz_opaque_callback_data");
  });

  it("never quotes a reaction", () => {
    expect(toMetaMessage({ to: "1", content: { type: "reaction", messageId: "m", emoji: "x" }, replyTo: "q" })).not.toHaveProperty("context");
  });

  it("rejects content beyond WhatsApp's limits without calling out", async () => {
    const { fetch, calls } = fakeFetch();
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    await expect(metaAdapter.send(config, { to, content: { type: "buttons", body: "x", buttons: four } }, { fetch })).rejects.toMatchObject({
      code: "invalid_content",
      retryable: false,
    });
    expect(calls).toHaveLength(0);
  });

  it.each([
    ["meta.api.send.error.131030.json", 400, { code: "131030", retryable: false, title: "Recipient not in allowed list" }],
    ["meta.api.send.error.131056.json", 400, { code: "131056", retryable: true, title: "Too many messages to this customer" }],
    ["meta.api.send.error.190.json", 401, { code: "190", retryable: false, title: "Access token expired or invalid" }],
  ] as const)("%s → SendError", async (file, status, expected) => {
    const { fetch } = fakeFetch({ status, body: fixture(file) });
    const error = await metaAdapter.send(config, { to, content: { type: "text", text: "x" } }, { fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ ...expected, httpStatus: status });
    expect((error as SendError).details).toBeTruthy();
  });

  it("HTTP 500 and 429 without a body are retryable", async () => {
    for (const status of [500, 502, 503, 429]) {
      const { fetch } = fakeFetch({ status, body: "" });
      await expect(metaAdapter.send(config, { to, content: { type: "text", text: "x" } }, { fetch })).rejects.toMatchObject({ retryable: true, httpStatus: status });
    }
  });

  it("a rejected fetch and a timeout are retryable", async () => {
    const { fetch } = fakeFetch(new TypeError("fetch failed"));
    await expect(metaAdapter.send(config, { to, content: { type: "text", text: "x" } }, { fetch })).rejects.toMatchObject({ code: "network", retryable: true });
    await expect(metaAdapter.send(config, { to, content: { type: "text", text: "x" } }, { fetch: hangingFetch, timeoutMs: 20 })).rejects.toMatchObject({
      code: "timeout",
      retryable: true,
    });
  });

  it("a 200 without a message id is an error that is not retried (it may have been sent)", async () => {
    const { fetch } = fakeFetch({ body: { messaging_product: "whatsapp" } });
    await expect(metaAdapter.send(config, { to, content: { type: "text", text: "x" } }, { fetch })).rejects.toMatchObject({ code: "bad_response", retryable: false });
  });
});

describe("markRead", () => {
  it("posts a read receipt to the messages endpoint", async () => {
    const { fetch, calls } = fakeFetch({ body: fixtureJson("meta.api.markread.success.json") });
    await metaAdapter.markRead?.(config, "wamid.in", { fetch });
    expect(calls[0]?.url).toBe("https://graph.facebook.com/v23.0/109876543210987/messages");
    expect(JSON.parse(calls[0]!.body)).toEqual({ messaging_product: "whatsapp", status: "read", message_id: "wamid.in" });
  });
});

describe("config", () => {
  it("requires the credentials and normalizes the display number", () => {
    const parsed = metaAdapter.configSchema.parse({ ...config, displayPhoneNumber: "+1 555-010-1234" });
    expect(parsed.displayPhoneNumber).toBe("15550101234");
    expect(metaAdapter.configSchema.safeParse({ phoneNumberId: "1" }).success).toBe(false);
    expect(metaAdapter.configSchema.safeParse({ ...config, apiVersion: "23" }).success).toBe(false);
    expect(metaAdapter.configSchema.safeParse({ ...config, apiBaseUrl: "ftp://x" }).success).toBe(false);
    // Parsing stored (already normalized) config again is a no-op.
    expect(metaAdapter.configSchema.parse(parsed)).toEqual(parsed);
  });

  it("lists its secrets", () => {
    expect([...metaAdapter.secretFields].sort()).toEqual(["accessToken", "appSecret", "verifyToken"]);
  });
});
