import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as conversationRoute from "@/app/api/v1/conversations/[id]/route";
import * as closeRoute from "@/app/api/v1/conversations/[id]/close/route";
import * as handbackRoute from "@/app/api/v1/conversations/[id]/handback/route";
import * as messagesRoute from "@/app/api/v1/conversations/[id]/messages/route";
import * as notesRoute from "@/app/api/v1/conversations/[id]/notes/route";
import * as reopenRoute from "@/app/api/v1/conversations/[id]/reopen/route";
import * as stepsRoute from "@/app/api/v1/conversations/[id]/steps/route";
import * as takeoverRoute from "@/app/api/v1/conversations/[id]/takeover/route";
import * as assigneesRoute from "@/app/api/v1/conversations/assignees/route";
import * as templatesRoute from "@/app/api/v1/conversations/templates/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as quickReplyRoute from "@/app/api/v1/quick-replies/[id]/route";
import * as quickRepliesRoute from "@/app/api/v1/quick-replies/route";
import { getDb } from "@/db";
import { botSessions, contacts, conversations, messages } from "@/db/schema";
import { demoFlowDocument } from "@/lib/flow";
import { flowBotRunner } from "@/lib/flow/runtime/runner";
import { createFlow } from "@/lib/flow/store/drafts";
import { publishFlow } from "@/lib/flow/store/versions";
import { whenIdle } from "@/lib/messaging/background";
import { setBotRunner } from "@/lib/messaging/bot";
import { configureDispatcher } from "@/lib/messaging/dispatcher";
import { graphFake } from "@/test/graph-fake";
import { apiRequest, createMetaChannel, deliverAndProcess, metaInboundBody, metaRequest, metaStatusBody, params, userWithToken, type TestMetaChannel } from "@/test/messaging";

/** The inbox's conversation API: filters, search, take over / hand back, notes, assignment, panels, saved answers. */
const editor = { id: "inbox-test", email: "e@example.test", name: "Editor", role: "editor" as const, via: "token" as const };
let channel: TestMetaChannel;
let graph = graphFake();
let agent: { id: string; token: string };
let other: { id: string; token: string };
let n = 0;
const nextWaId = () => `3468000${String(++n).padStart(4, "0")}`;
const noParams = params({});

type Json = Record<string, unknown>;
async function call<T = Json>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = r.status === 204 ? null : await r.json();
  expect(r.status, JSON.stringify(body)).toBe(status);
  return body as T;
}

async function say(from: string, text: string, name = "Customer") {
  await deliverAndProcess(metaRequest(metaInboundBody(channel, { from, text, name }).rawBody, channel.appSecret));
  await whenIdle();
}

async function conversationOf(wa: string) {
  const db = await getDb();
  const [row] = await db.select({ id: conversations.id }).from(conversations).innerJoin(contacts, eq(contacts.id, conversations.contactId)).where(eq(contacts.waId, wa));
  return row!.id;
}

const list = (query: string, token = agent.token) => call<{ items: Json[]; nextCursor: string | null }>(conversationsRoute.GET(apiRequest(`/api/v1/conversations${query}`, { token }), noParams));
const texts = (wa: string) => graph.to(wa).map((m) => m.text);

beforeAll(async () => {
  setBotRunner(flowBotRunner);
  channel = await createMetaChannel({ rateLimitPerSecond: 1000 });
  graph = graphFake();
  configureDispatcher({ fetch: graph.fetch, backoffBaseMs: 5, backoffCapMs: 20 });
  agent = await userWithToken("agent");
  other = await userWithToken("agent");
  const db = await getDb();
  const flow = await createFlow(db, editor, { name: "Demo", document: demoFlowDocument(), channelIds: [channel.id] });
  await publishFlow(db, editor, flow.id);
});

afterEach(async () => {
  await whenIdle();
});

afterAll(() => {
  setBotRunner(null);
  configureDispatcher();
});

describe("conversation list", () => {
  it("filters (bot, needs human, mine, closed), searches name, number and text, pages with a cursor", async () => {
    const a = nextWaId();
    const b = nextWaId();
    await say(a, "hi", "Zélia Filter");
    await say(b, "hi", "Yuri Filter");
    for (const text of ["2", "yuri@example.com"]) await say(b, text);
    const idB = await conversationOf(b);

    const needs = await list("?filter=needs_human");
    expect(needs.items.map((c) => c.id)).toContain(idB);
    expect(needs.items.find((c) => c.id === idB)).toMatchObject({ mode: "human", needsHuman: true, channel: { id: channel.id }, windowOpen: true });
    expect((await list("?filter=bot")).items.map((c) => (c.contact as Json).waId)).toContain(a);
    expect((await list("?filter=bot")).items.map((c) => (c.contact as Json).waId)).not.toContain(b);

    await call(conversationRoute.PATCH(apiRequest(`/api/v1/conversations/${idB}`, { method: "PATCH", token: agent.token, body: { assignedUserId: agent.id } }), params({ id: idB })));
    expect((await list("?filter=needs_human")).items.map((c) => c.id)).not.toContain(idB);
    expect((await list("?filter=mine")).items.map((c) => c.id)).toEqual([idB]);
    expect((await list("?filter=mine", other.token)).items).toEqual([]);

    expect((await list(`?q=${encodeURIComponent("zélia")}`)).items.map((c) => (c.contact as Json).waId)).toEqual([a]);
    expect((await list(`?q=${b.slice(-6)}`)).items.map((c) => (c.contact as Json).waId)).toEqual([b]);
    expect((await list("?q=yuri%40example")).items.map((c) => (c.contact as Json).waId)).toEqual([b]);
    expect((await list("?q=100%25_")).items).toEqual([]);

    const page1 = await list("?limit=1");
    expect(page1.items).toHaveLength(1);
    const page2 = await list(`?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
    await call(conversationsRoute.GET(apiRequest("/api/v1/conversations?filter=everything", { token: agent.token }), noParams), 422);
  });
});

describe("take over and hand back", () => {
  it("takeover silences the bot; handback resumes the waiting session", async () => {
    const wa = nextWaId();
    await say(wa, "hi");
    expect(texts(wa)).toEqual(["Hello! Type 1 for price, 2 for support."]);
    const id = await conversationOf(wa);
    const taken = await call<Json>(takeoverRoute.POST(apiRequest(`/api/v1/conversations/${id}/takeover`, { method: "POST", token: agent.token }), params({ id })));
    expect(taken).toMatchObject({ mode: "human", assignedUserId: agent.id, assignee: { id: agent.id } });
    await say(wa, "1");
    expect(texts(wa)).toHaveLength(1);

    const sent = await call<Json>(messagesRoute.POST(apiRequest(`/api/v1/conversations/${id}/messages`, { method: "POST", token: agent.token, body: { text: "Agent here" } }), params({ id })), 201);
    expect(sent).toMatchObject({ direction: "out", senderKind: "agent", status: "queued", senderName: expect.any(String) });
    await whenIdle();
    expect(texts(wa).at(-1)).toBe("Agent here");

    await call(handbackRoute.POST(apiRequest(`/api/v1/conversations/${id}/handback`, { method: "POST", token: agent.token, body: { resume: true } }), params({ id })));
    await say(wa, "1");
    expect(texts(wa).at(-1)).toBe("Pricing starts at ₹999/month.");
  });

  it("handback with resume: false ends the session; the next message starts from the triggers", async () => {
    const wa = nextWaId();
    await say(wa, "hi");
    const id = await conversationOf(wa);
    await call(takeoverRoute.POST(apiRequest(`/api/v1/conversations/${id}/takeover`, { method: "POST", token: agent.token }), params({ id })));
    await call(handbackRoute.POST(apiRequest(`/api/v1/conversations/${id}/handback`, { method: "POST", token: agent.token, body: { resume: false } }), params({ id })));
    const db = await getDb();
    const [session] = await db.select().from(botSessions).where(eq(botSessions.conversationId, id));
    expect(session).toMatchObject({ status: "ended", endReason: "restart" });
    await say(wa, "1"); // no trigger matches "1": the bot says nothing
    expect(texts(wa)).toHaveLength(1);
    await say(wa, "hi");
    expect(texts(wa).at(-1)).toBe("Hello! Type 1 for price, 2 for support.");
  });

  it("close ends the session; reopen only from closed; both audited", async () => {
    const wa = nextWaId();
    await say(wa, "hi");
    const id = await conversationOf(wa);
    await call(reopenRoute.POST(apiRequest(`/api/v1/conversations/${id}/reopen`, { method: "POST", token: agent.token }), params({ id })), 409);
    expect(await call<Json>(closeRoute.POST(apiRequest(`/api/v1/conversations/${id}/close`, { method: "POST", token: agent.token }), params({ id })))).toMatchObject({ mode: "closed" });
    const db = await getDb();
    const [session] = await db.select().from(botSessions).where(eq(botSessions.conversationId, id));
    expect(session).toMatchObject({ status: "ended", endReason: "closed" });
    expect(await call<Json>(reopenRoute.POST(apiRequest(`/api/v1/conversations/${id}/reopen`, { method: "POST", token: agent.token }), params({ id })))).toMatchObject({ mode: "bot" });
  });
});

describe("notes, media, templates, panels", () => {
  it("a note is stored in the thread and never sent", async () => {
    const wa = nextWaId();
    await say(wa, "hello there");
    const id = await conversationOf(wa);
    const note = await call<Json>(notesRoute.POST(apiRequest(`/api/v1/conversations/${id}/notes`, { method: "POST", token: agent.token, body: { text: "Call back after 5" } }), params({ id })), 201);
    expect(note).toMatchObject({ type: "note", senderKind: "system", senderUserId: agent.id, text: "Call back after 5" });
    await whenIdle();
    expect(texts(wa)).toEqual([]);
    const thread = await call<{ items: Json[] }>(messagesRoute.GET(apiRequest(`/api/v1/conversations/${id}/messages`, { token: agent.token }), params({ id })));
    expect(thread.items.map((m) => m.type)).toEqual(["text", "note"]);
    await call(notesRoute.POST(apiRequest(`/api/v1/conversations/${id}/notes`, { method: "POST", token: agent.token, body: { text: "  " } }), params({ id })), 422);
  });

  it("agents send media by URL and templates; free text outside the window is refused, templates are not", async () => {
    const wa = nextWaId();
    await say(wa, "hello");
    const id = await conversationOf(wa);
    const image = await call<Json>(messagesRoute.POST(apiRequest(`/api/v1/conversations/${id}/messages`, { method: "POST", token: agent.token, body: { content: { type: "image", link: "https://example.com/a.png", caption: "A" } } }), params({ id })), 201);
    expect(image).toMatchObject({ type: "image", content: { link: "https://example.com/a.png" } });
    await call(messagesRoute.POST(apiRequest(`/api/v1/conversations/${id}/messages`, { method: "POST", token: agent.token, body: { content: { type: "buttons", body: "x", buttons: [{ id: "a", title: "A" }] } } }), params({ id })), 422);
    const db = await getDb();
    await db.update(conversations).set({ windowExpiresAt: new Date(Date.now() - 1000) }).where(eq(conversations.id, id));
    const refused = await call<{ error: Json }>(messagesRoute.POST(apiRequest(`/api/v1/conversations/${id}/messages`, { method: "POST", token: agent.token, body: { text: "late" } }), params({ id })), 422);
    expect(refused.error).toMatchObject({ code: "window_closed" });
    expect(String(refused.error.message)).toMatch(/template/);
    await call(messagesRoute.POST(apiRequest(`/api/v1/conversations/${id}/messages`, { method: "POST", token: agent.token, body: { content: { type: "template", name: "order_update", language: "en_US", bodyParams: [{ type: "text", text: "42" }] } } }), params({ id })), 201);
    await whenIdle();
    const suggestions = await call<{ items: Json[] }>(templatesRoute.GET(apiRequest(`/api/v1/conversations/templates?channelId=${channel.id}`, { token: agent.token }), noParams));
    expect(suggestions.items[0]).toMatchObject({ name: "order_update", language: "en_US", bodyParams: 1, source: "sent" });
    expect(suggestions.items.at(-1)).toMatchObject({ name: "hello_world", source: "sample" });
  });

  it("the contact panel and the bot's path with block labels and variables", async () => {
    const wa = nextWaId();
    for (const text of ["hi", "2", "ana@example.com"]) await say(wa, text, "Ana Panel");
    const id = await conversationOf(wa);
    const panel = await call<Json>(conversationRoute.GET(apiRequest(`/api/v1/conversations/${id}`, { token: agent.token }), params({ id })));
    expect(panel).toMatchObject({
      contact: { waId: wa, name: "Ana Panel", optedOut: false, attributes: { email: "ana@example.com" } },
      window: { open: true },
      messages: { inbound: 3 },
      sessions: [{ status: "ended", endReason: "handoff", flowName: "Demo" }],
    });
    const path = await call<{ items: Json[]; sessions: Json[] }>(stepsRoute.GET(apiRequest(`/api/v1/conversations/${id}/steps`, { token: agent.token }), params({ id })));
    expect(path.items.map((s) => s.blockId)).toEqual(expect.arrayContaining(["trigger", "menu", "route", "ask_email", "handoff"]));
    expect(path.items.find((s) => s.blockId === "menu")).toMatchObject({ blockType: "ask" });
    // The Handoff block's note is in the thread for whoever picks it up.
    const thread = await call<{ items: Json[] }>(messagesRoute.GET(apiRequest(`/api/v1/conversations/${id}/messages`, { token: agent.token }), params({ id })));
    expect(thread.items.find((m) => m.type === "note")?.text).toMatch(/Support request from Ana Panel/);
    const users = await call<{ items: Json[] }>(assigneesRoute.GET(apiRequest("/api/v1/conversations/assignees", { token: agent.token }), noParams));
    expect(users.items.map((u) => u.id)).toContain(agent.id);
  });
});

describe("statuses out of order", () => {
  it("read before sent ends read; failed then delivered ends delivered; history keeps all", async () => {
    const wa = nextWaId();
    await say(wa, "hi");
    const id = await conversationOf(wa);
    const db = await getDb();
    const [reply] = await db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(messages.seq).offset(1);
    const wamid = reply!.providerMessageId!;
    const status = async (s: string, secondsAgo: number, error?: { code: number; title: string }) => {
      const ts = String(Math.floor(Date.now() / 1000) - secondsAgo);
      await deliverAndProcess(metaRequest(metaStatusBody(channel, [{ wamid, status: s, timestamp: ts, recipient: wa, ...(error ? { error } : {}) } as never]), channel.appSecret));
    };
    await status("read", 1);
    await status("sent", 5);
    const view = async () => (await call<{ items: Json[] }>(messagesRoute.GET(apiRequest(`/api/v1/conversations/${id}/messages`, { token: agent.token }), params({ id })))).items.find((m) => m.id === reply!.id)!;
    expect((await view()).status).toBe("read");

    const wa2 = nextWaId();
    await say(wa2, "hi");
    const id2 = await conversationOf(wa2);
    const [reply2] = await db.select().from(messages).where(eq(messages.conversationId, id2)).orderBy(messages.seq).offset(1);
    const wamid2 = reply2!.providerMessageId!;
    const ts = (ago: number) => String(Math.floor(Date.now() / 1000) - ago);
    await deliverAndProcess(metaRequest(metaStatusBody(channel, [{ wamid: wamid2, status: "failed", timestamp: ts(3), recipient: wa2, error: { code: 131026, title: "Message undeliverable" } } as never]), channel.appSecret));
    await deliverAndProcess(metaRequest(metaStatusBody(channel, [{ wamid: wamid2, status: "delivered", timestamp: ts(1), recipient: wa2 } as never]), channel.appSecret));
    const v2 = (await call<{ items: Json[] }>(messagesRoute.GET(apiRequest(`/api/v1/conversations/${id2}/messages`, { token: agent.token }), params({ id: id2 })))).items.find((m) => m.id === reply2!.id)!;
    expect(v2.status).toBe("delivered");
    expect((v2.statusHistory as Json[]).map((h) => h.status)).toEqual(expect.arrayContaining(["failed", "delivered"]));
  });
});

describe("saved answers", () => {
  it("create, list, rename, refuse a duplicate shortcut, delete", async () => {
    const created = await call<Json>(quickRepliesRoute.POST(apiRequest("/api/v1/quick-replies", { method: "POST", token: agent.token, body: { shortcut: "Hours", text: "9 to 5" } }), noParams), 201);
    expect(created).toMatchObject({ shortcut: "hours", text: "9 to 5" });
    await call(quickRepliesRoute.POST(apiRequest("/api/v1/quick-replies", { method: "POST", token: agent.token, body: { shortcut: "hours", text: "x" } }), noParams), 409);
    await call(quickRepliesRoute.POST(apiRequest("/api/v1/quick-replies", { method: "POST", token: agent.token, body: { shortcut: "two words", text: "x" } }), noParams), 422);
    const id = String(created.id);
    expect(await call<Json>(quickReplyRoute.PATCH(apiRequest(`/api/v1/quick-replies/${id}`, { method: "PATCH", token: agent.token, body: { text: "9 to 6" } }), params({ id })))).toMatchObject({ text: "9 to 6" });
    expect((await call<{ items: Json[] }>(quickRepliesRoute.GET(apiRequest("/api/v1/quick-replies", { token: agent.token }), noParams))).items.map((r) => r.shortcut)).toContain("hours");
    await call(quickReplyRoute.DELETE(apiRequest(`/api/v1/quick-replies/${id}`, { method: "DELETE", token: agent.token }), params({ id })), 204);
    await call(quickReplyRoute.DELETE(apiRequest(`/api/v1/quick-replies/${id}`, { method: "DELETE", token: agent.token }), params({ id })), 404);
  });
});
