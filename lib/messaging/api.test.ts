import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/v1/channels/[id]/route";
import * as channelTestRoute from "@/app/api/v1/channels/[id]/test/route";
import * as channelsRoute from "@/app/api/v1/channels/route";
import * as closeRoute from "@/app/api/v1/conversations/[id]/close/route";
import * as handbackRoute from "@/app/api/v1/conversations/[id]/handback/route";
import * as messagesRoute from "@/app/api/v1/conversations/[id]/messages/route";
import * as takeoverRoute from "@/app/api/v1/conversations/[id]/takeover/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import { getDb } from "@/db";
import { auditLog, channels, conversations } from "@/db/schema";
import { fakeFetch } from "@/lib/channels/testing/fixtures";
import { ensureSandboxChannel } from "@/lib/sandbox/channel";
import { apiRequest, deliverAndProcess, metaInboundBody, metaRequest, params, userWithToken } from "@/test/messaging";
import { whenIdle } from "./background";
import { configureDispatcher } from "./dispatcher";

/** The Channels and Conversations APIs through their route handlers, with roles. */
const noParams = params({});
let admin: { id: string; token: string };
let editor: { token: string };
let agent: { id: string; token: string };

const META_CONFIG = {
  phoneNumberId: "109876543210987",
  displayPhoneNumber: "+1 555 010 1234",
  accessToken: "EAAG-super-secret-access-token-1234",
  appSecret: "f0e1d2c3b4a5968778695a4b3c2d1e0f",
  apiBaseUrl: "https://graph.test",
};

interface ChannelBody {
  id: string;
  provider: string;
  status: string;
  config: Record<string, string>;
  webhookUrl: string;
  verifyToken: string | null;
  health: { lastEventAt: string | null; eventsPerMinute: number; lastError: string | null };
}

beforeAll(async () => {
  admin = await userWithToken("admin");
  editor = await userWithToken("editor");
  agent = await userWithToken("agent");
});

afterEach(async () => {
  await whenIdle();
  configureDispatcher();
});

describe("channels API", () => {
  let meta: ChannelBody;

  it("adds a Meta channel: 201, the URL and verify token to paste, secrets masked and encrypted", async () => {
    const res = await channelsRoute.POST(apiRequest("/api/v1/channels", { method: "POST", token: admin.token, body: { provider: "meta", name: "Support line", config: META_CONFIG } }), noParams);
    expect(res.status).toBe(201);
    meta = (await res.json()) as ChannelBody;
    expect(meta).toMatchObject({ provider: "meta", status: "active", webhookUrl: "http://localhost:3000/api/webhooks/meta" });
    expect(meta.verifyToken).toMatch(/^[0-9a-f]{32}$/);
    expect(meta.config).toMatchObject({ phoneNumberId: META_CONFIG.phoneNumberId, displayPhoneNumber: "15550101234", accessToken: "••••••••1234", appSecret: "••••••••1e0f" });
    const text = JSON.stringify(meta);
    expect(text).not.toContain(META_CONFIG.accessToken);
    expect(text).not.toContain(META_CONFIG.appSecret);
    const db = await getDb();
    const [row] = await db.select().from(channels).where(eq(channels.id, meta.id));
    expect(row).toMatchObject({ phoneNumberId: META_CONFIG.phoneNumberId, businessNumber: "15550101234" });
    expect(JSON.stringify(row!.config)).not.toContain(META_CONFIG.appSecret);
    expect(row!.secrets).toMatch(/^v1\./);
    expect(row!.secrets).not.toContain(META_CONFIG.appSecret);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, meta.id));
    expect(audit.map((a) => a.action)).toEqual(["channel.created"]);
  });

  it("answers 422 with the field issues, 409 for a number already connected", async () => {
    const bad = await channelsRoute.POST(apiRequest("/api/v1/channels", { method: "POST", token: admin.token, body: { provider: "meta", name: "x", config: { phoneNumberId: "abc" } } }), noParams);
    expect(bad.status).toBe(422);
    const issues = ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(["config.phoneNumberId", "config.accessToken", "config.appSecret"]));
    const twice = await channelsRoute.POST(apiRequest("/api/v1/channels", { method: "POST", token: admin.token, body: { provider: "meta", name: "Again", config: META_CONFIG } }), noParams);
    expect(twice.status).toBe(409);
    const sandboxProvider = await channelsRoute.POST(apiRequest("/api/v1/channels", { method: "POST", token: admin.token, body: { provider: "sandbox", name: "x", config: {} } }), noParams);
    expect(sandboxProvider.status).toBe(422);
  });

  it("adds Twilio, YCloud and 360dialog channels with their own webhook URLs", async () => {
    const cases = [
      { provider: "twilio", config: { accountSid: "AC0123456789abcdef", authToken: "twilio-token-abcdef", phoneNumber: "+14155238886" }, url: "/api/webhooks/twilio" },
      { provider: "ycloud", config: { apiKey: "yc-key-0123456789", phoneNumber: "+15550109999", webhookSecret: "whsec_abc" }, url: "/api/webhooks/ycloud" },
      { provider: "360dialog", config: { apiKey: "d360-key-0123456789", phoneNumberId: "223344556677", webhookSecret: "shared-secret" }, url: "/api/webhooks/360dialog" },
    ];
    for (const c of cases) {
      const res = await channelsRoute.POST(apiRequest("/api/v1/channels", { method: "POST", token: admin.token, body: { provider: c.provider, name: c.provider, config: c.config } }), noParams);
      expect(res.status).toBe(201);
      const body = (await res.json()) as ChannelBody;
      expect(body.webhookUrl).toBe(`http://localhost:3000${c.url}`);
      expect(body.verifyToken).toBeNull();
    }
  });

  it("lets editors list, not change; agents neither", async () => {
    const list = await channelsRoute.GET(apiRequest("/api/v1/channels", { token: editor.token }), noParams);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: ChannelBody[] }).items.length).toBeGreaterThanOrEqual(4);
    expect((await channelsRoute.POST(apiRequest("/api/v1/channels", { method: "POST", token: editor.token, body: { provider: "meta", name: "x", config: {} } }), noParams)).status).toBe(403);
    expect((await channelsRoute.GET(apiRequest("/api/v1/channels", { token: agent.token }), noParams)).status).toBe(403);
  });

  it("edits: a masked secret keeps the stored one, a new one replaces it, disabled flags webhooks", async () => {
    const path = `/api/v1/channels/${meta.id}`;
    const keep = await channelRoute.PATCH(apiRequest(path, { method: "PATCH", token: admin.token, body: { name: "Support", config: { accessToken: meta.config.accessToken, apiVersion: "v22.0" } } }), params({ id: meta.id }));
    expect(keep.status).toBe(200);
    expect(((await keep.json()) as ChannelBody).config).toMatchObject({ accessToken: "••••••••1234", apiVersion: "v22.0" });
    // The stored secret still signs: a webhook verifies and is counted in health.
    const { rawBody } = metaInboundBody({ phoneNumberId: META_CONFIG.phoneNumberId, displayPhoneNumber: "15550101234" }, { text: "health" });
    expect((await deliverAndProcess(metaRequest(rawBody, META_CONFIG.appSecret))).status).toBe(200);
    const got = (await (await channelRoute.GET(apiRequest(path, { token: editor.token }), params({ id: meta.id }))).json()) as ChannelBody;
    expect(got.health.lastEventAt).not.toBeNull();
    expect(got.health.eventsPerMinute).toBeGreaterThan(0);

    const rotate = await channelRoute.PATCH(apiRequest(path, { method: "PATCH", token: admin.token, body: { config: { appSecret: "a-brand-new-app-secret-0000" } } }), params({ id: meta.id }));
    expect(((await rotate.json()) as ChannelBody).config.appSecret).toBe("••••••••0000");
    const { rawBody: second } = metaInboundBody({ phoneNumberId: META_CONFIG.phoneNumberId, displayPhoneNumber: "15550101234" }, { text: "old secret" });
    expect((await deliverAndProcess(metaRequest(second, META_CONFIG.appSecret))).status).toBe(401);

    const off = await channelRoute.PATCH(apiRequest(path, { method: "PATCH", token: admin.token, body: { status: "disabled" } }), params({ id: meta.id }));
    expect(((await off.json()) as ChannelBody).status).toBe("disabled");
    const { rawBody: third } = metaInboundBody({ phoneNumberId: META_CONFIG.phoneNumberId, displayPhoneNumber: "15550101234" }, { text: "while disabled" });
    const stored = await deliverAndProcess(metaRequest(third, "a-brand-new-app-secret-0000"));
    expect(stored).toMatchObject({ status: 200, eventIds: [] });
  });

  it("deletes a channel (204) but never the sandbox (409)", async () => {
    const db = await getDb();
    const sandbox = await ensureSandboxChannel(db);
    const res = await channelRoute.DELETE(apiRequest(`/api/v1/channels/${sandbox.id}`, { method: "DELETE", token: admin.token }), params({ id: sandbox.id }));
    expect(res.status).toBe(409);
    const gone = await channelRoute.DELETE(apiRequest(`/api/v1/channels/${meta.id}`, { method: "DELETE", token: admin.token }), params({ id: meta.id }));
    expect(gone.status).toBe(204);
    expect((await channelRoute.GET(apiRequest(`/api/v1/channels/${meta.id}`, { token: admin.token }), params({ id: meta.id }))).status).toBe(404);
  });
});

describe("conversations API", () => {
  let channelId: string;
  const appSecret = "conversations-app-secret-000000";
  const number = { phoneNumberId: "300000000000001", displayPhoneNumber: "15550300001" };

  beforeAll(async () => {
    const res = await channelsRoute.POST(
      apiRequest("/api/v1/channels", { method: "POST", token: admin.token, body: { provider: "meta", name: "Inbox line", config: { ...number, accessToken: "token-conversations-0000", appSecret, apiBaseUrl: "https://graph.test" } } }),
      noParams,
    );
    channelId = ((await res.json()) as ChannelBody).id;
    for (const [i, name] of ["Ana Souza", "Bruno Lima", "Carla Dias"].entries()) {
      await deliverAndProcess(metaRequest(metaInboundBody(number, { from: `55119000000${i}`, name, text: `olá from ${name}` }).rawBody, appSecret));
    }
  });

  interface ConversationBody {
    id: string;
    channelId: string;
    contact: { waId: string; name: string };
    mode: string;
    unreadCount: number;
    windowExpiresAt: string;
    lastMessagePreview: string;
  }

  async function list(query: string, token = agent.token) {
    const res = await conversationsRoute.GET(apiRequest(`/api/v1/conversations${query}`, { token }), noParams);
    expect(res.status).toBe(200);
    return (await res.json()) as { items: ConversationBody[]; nextCursor: string | null };
  }

  it("lists newest activity first with a keyset cursor, and searches", async () => {
    const first = await list(`?channelId=${channelId}&limit=2`);
    expect(first.items.map((c) => c.contact.name)).toEqual(["Carla Dias", "Bruno Lima"]);
    expect(first.items[0]).toMatchObject({ channelId, mode: "bot", unreadCount: 1, lastMessagePreview: "olá from Carla Dias" });
    const second = await list(`?channelId=${channelId}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((c) => c.contact.name)).toEqual(["Ana Souza"]);
    expect(second.nextCursor).toBeNull();
    expect((await list(`?q=bruno`)).items.map((c) => c.contact.waId)).toEqual(["551190000001"]);
    expect((await list(`?q=olá from Ana`)).items).toHaveLength(1);
    expect((await list(`?q=551190000002`)).items.map((c) => c.contact.name)).toEqual(["Carla Dias"]);
  });

  it("sends an agent's text through the pipeline and shows its ticks", async () => {
    const provider = fakeFetch({ body: { messages: [{ id: "wamid.agent-1" }] } });
    configureDispatcher({ fetch: provider.fetch });
    const [conversation] = (await list(`?q=Ana`)).items;
    const sent = await messagesRoute.POST(apiRequest(`/api/v1/conversations/${conversation!.id}/messages`, { method: "POST", token: agent.token, body: { text: "Hi Ana, how can I help?" } }), params({ id: conversation!.id }));
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ direction: "out", status: "queued", senderKind: "agent", senderUserId: agent.id, text: "Hi Ana, how can I help?" });
    await whenIdle();
    const res = await messagesRoute.GET(apiRequest(`/api/v1/conversations/${conversation!.id}/messages`, { token: agent.token }), params({ id: conversation!.id }));
    const { items } = (await res.json()) as { items: { direction: string; status: string; providerMessageId: string; statusHistory: { status: string }[]; error: unknown }[] };
    expect(items.map((m) => m.direction)).toEqual(["in", "out"]);
    expect(items[1]).toMatchObject({ status: "accepted", providerMessageId: "wamid.agent-1", error: null });
    expect(items[1]!.statusHistory.map((h) => h.status)).toEqual(["queued", "accepted"]);
  });

  it("refuses an agent's text with 422 and the reason when the window is closed", async () => {
    const [conversation] = (await list(`?q=Bruno`)).items;
    const db = await getDb();
    await db.update(conversations).set({ windowExpiresAt: new Date(Date.now() - 60_000) }).where(eq(conversations.id, conversation!.id));
    const res = await messagesRoute.POST(apiRequest(`/api/v1/conversations/${conversation!.id}/messages`, { method: "POST", token: agent.token, body: { text: "too late" } }), params({ id: conversation!.id }));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "window_closed", message: expect.stringContaining("the 24-hour window closed — send a template") } });
    const test = await channelTestRoute.POST(apiRequest(`/api/v1/channels/${channelId}/test`, { method: "POST", token: admin.token, body: { to: "+55 11 9000-00001", text: "test" } }), params({ id: channelId }));
    expect(test.status).toBe(422);
    configureDispatcher({ fetch: fakeFetch({ body: { messages: [{ id: "wamid.tpl" }] } }).fetch });
    const template = await channelTestRoute.POST(apiRequest(`/api/v1/channels/${channelId}/test`, { method: "POST", token: admin.token, body: { to: "+55 11 9000-00001", template: { name: "hello_world" } } }), params({ id: channelId }));
    expect(template.status).toBe(201);
    expect(await template.json()).toMatchObject({ type: "template", status: "queued" });
  });

  it("takes over, hands back and closes, recording who", async () => {
    const [conversation] = (await list(`?q=Carla`)).items;
    const id = conversation!.id;
    const take = await takeoverRoute.POST(apiRequest(`/api/v1/conversations/${id}/takeover`, { method: "POST", token: agent.token }), params({ id }));
    expect(await take.json()).toMatchObject({ mode: "human", assignedUserId: agent.id });
    expect(await (await handbackRoute.POST(apiRequest(`/api/v1/conversations/${id}/handback`, { method: "POST", token: agent.token }), params({ id }))).json()).toMatchObject({ mode: "bot", assignedUserId: null });
    expect(await (await closeRoute.POST(apiRequest(`/api/v1/conversations/${id}/close`, { method: "POST", token: agent.token }), params({ id }))).json()).toMatchObject({ mode: "closed" });
    const db = await getDb();
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["conversation.takeover", agent.id],
      ["conversation.handback", agent.id],
      ["conversation.close", agent.id],
    ]);
    // The customer writes again: a closed conversation reopens with the bot.
    await deliverAndProcess(metaRequest(metaInboundBody(number, { from: "551190000002", text: "back again" }).rawBody, appSecret));
    expect((await list(`?q=Carla`)).items[0]).toMatchObject({ mode: "bot" });
    const missing = await takeoverRoute.POST(apiRequest(`/api/v1/conversations/not-a-uuid/takeover`, { method: "POST", token: agent.token }), params({ id: "not-a-uuid" }));
    expect(missing.status).toBe(404);
  });
});
