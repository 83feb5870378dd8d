import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as stepsRoute from "@/app/api/v1/conversations/[id]/steps/route";
import * as webhookRoute from "@/app/api/webhooks/[provider]/route";
import { getDb } from "@/db";
import { botSessions, contacts, conversations, messages, scheduledJobs } from "@/db/schema";
import { demoFlowDocument, type FlowDocument } from "@/lib/flow";
import { createFlow, saveFlow } from "@/lib/flow/store/drafts";
import { publishFlow } from "@/lib/flow/store/versions";
import { whenIdle } from "@/lib/messaging/background";
import { setBotRunner } from "@/lib/messaging/bot";
import { changeConversationMode } from "@/lib/messaging/conversations";
import { configureDispatcher } from "@/lib/messaging/dispatcher";
import { processingBatchStats } from "@/lib/messaging/process";
import { stopSweeper } from "@/lib/messaging/sweeper";
import { apiRequest, params, userWithToken } from "@/test/auth";
import { graphFake } from "@/test/graph-fake";
import { metaSignature } from "@/lib/sandbox/wire";
import { createMetaChannel, metaInboundBody, type TestMetaChannel } from "@/test/messaging";
import { writeAllowList } from "./allow-list";
import { runDueJobs } from "./jobs";
import { flowBotRunner } from "./runner";

/**
 * The flow engine end to end: signed webhooks through the real route, the runtime, the
 * outbound pipeline (fake Graph API), the database — on PostgreSQL in CI, PGlite locally.
 */
const editor = { id: "runtime-test", email: "e@example.test", name: "Editor", role: "editor" as const, via: "token" as const };
let channel: TestMetaChannel;
let graph = graphFake();
let api: http.Server;
let apiBase = "";
let seq = 0;
const waId = () => `9198000${String(++seq).padStart(5, "0")}`;

beforeAll(async () => {
  setBotRunner(flowBotRunner);
  channel = await createMetaChannel({ rateLimitPerSecond: 1000 });
  api = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    const id = /\/orders\/(\d+)/.exec(req.url ?? "")?.[1];
    res.end(JSON.stringify(id === "10234" ? { status: "shipped", eta: "Friday", tracking: "https://t.example/1" } : { error: "not found" }));
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await whenIdle();
});

afterAll(async () => {
  stopSweeper();
  setBotRunner(null);
  configureDispatcher();
  await new Promise<void>((r) => api.close(() => r()));
});

function freshGraph() {
  graph = graphFake();
  configureDispatcher({ fetch: graph.fetch, backoffBaseMs: 5, backoffCapMs: 20 });
}

async function publish(name: string, document: FlowDocument, priority = 100) {
  const db = await getDb();
  const flow = await createFlow(db, editor, { name, document, channelIds: [channel.id], priority });
  await publishFlow(db, editor, flow.id);
  return flow.id;
}

/** A customer message through POST /api/webhooks/meta, then the background work it starts. */
async function send(from: string, message: { text?: string; button?: [string, string]; row?: [string, string] }) {
  await post(from, message);
  await whenIdle();
}

/** The webhook only: its processing runs in the background (several posts at once form a burst). */
async function post(from: string, message: { text?: string; button?: [string, string]; row?: [string, string] }) {
  const spec = message.button
    ? { message: { type: "interactive", interactive: { type: "button_reply", button_reply: { id: message.button[0], title: message.button[1] } } } }
    : message.row
      ? { message: { type: "interactive", interactive: { type: "list_reply", list_reply: { id: message.row[0], title: message.row[1] } } } }
      : { text: message.text };
  const { rawBody } = metaInboundBody(channel, { from, ...spec });
  const res = await webhookRoute.POST(
    new NextRequest("http://localhost:3000/api/webhooks/meta", {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": metaSignature(rawBody, channel.appSecret) },
      body: rawBody,
    }),
    { params: Promise.resolve({ provider: "meta" }) },
  );
  expect(res.status).toBe(200);
}

async function conversationOf(wa: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(eq(contacts.waId, wa));
  return row!.id;
}

const texts = (to: string) => graph.to(to).map((m) => m.text);

describe("flow runtime through the webhook route", () => {
  it("runs the demo flow: hi → menu, 1 → price; 2 → email → handoff", async () => {
    freshGraph();
    await publish("Demo", demoFlowDocument());
    const a = waId();
    await send(a, { text: "hi" });
    expect(texts(a)).toEqual(["Hello! Type 1 for price, 2 for support."]);
    await send(a, { text: "1" });
    expect(texts(a).at(-1)).toBe("Pricing starts at ₹999/month.");

    const b = waId();
    await send(b, { text: "Hi" });
    await send(b, { text: "2" });
    expect(texts(b).at(-1)).toMatch(/email/i);
    await send(b, { text: "not an email" });
    await send(b, { text: "ana@example.com" });
    expect(texts(b).at(-1)).toMatch(/ana@example\.com/);
    const db = await getDb();
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, await conversationOf(b)));
    expect(conv).toMatchObject({ mode: "human", needsHuman: true });
    const [session] = await db.select().from(botSessions).where(eq(botSessions.conversationId, conv!.id));
    expect(session).toMatchObject({ status: "ended", endReason: "handoff" });
    // Every step of the session is in the step log, queryable per conversation.
    const res = await stepsRoute.GET(apiRequest(`/api/v1/conversations/${conv!.id}/steps`, { token: (await userWithToken("agent")).token }), params({ id: conv!.id }));
    const { items } = (await res.json()) as { items: { blockId: string; output: string | null; sessionId: string }[] };
    expect(items.map((s) => s.blockId)).toEqual(expect.arrayContaining(["trigger", "menu", "route", "ask_email", "support_ack", "handoff"]));
    expect(new Set(items.map((s) => s.sessionId)).size).toBe(1);
  });

  it("routes a button tap and a list choice (lead-capture example)", async () => {
    freshGraph();
    const lead = JSON.parse(fs.readFileSync("examples/flows/lead-capture.json", "utf8")) as FlowDocument;
    await publish("Lead capture", { ...lead, blocks: lead.blocks.map((b) => (b.type === "trigger" ? { ...b, settings: { ...b.settings, keywords: ["solar"] } } : b)) } as FlowDocument, 10);
    const c = waId();
    await send(c, { text: "solar" });
    const welcome = graph.to(c)[0]!;
    expect(welcome.type).toBe("interactive");
    expect(welcome.buttons.length).toBeGreaterThan(0);
    await send(c, { button: ["quote", "Get a quote"] });
    const list = graph.to(c).at(-1)!;
    expect(list.rows).toContain("apartment");
    await send(c, { row: ["apartment", "Apartment"] });
    expect(texts(c).at(-1)).toMatch(/electricity bill/);
  });

  it("calls an allowed local API and maps its JSON into the reply; refuses 127.0.0.1 without an allow-list entry", async () => {
    freshGraph();
    const order = JSON.parse(fs.readFileSync("examples/flows/order-status.json", "utf8")) as FlowDocument;
    const doc = {
      ...order,
      blocks: order.blocks.map((b) =>
        b.type === "api_call"
          ? { ...b, settings: { ...b.settings, url: `${apiBase}/orders/{{order_id}}`, mappings: [{ path: "status", variable: "order_status" }, { path: "eta", variable: "order_eta" }, { path: "tracking", variable: "tracking_url" }] } }
          : b,
      ),
    } as FlowDocument;
    await publish("Orders", doc, 5);
    const db = await getDb();
    await writeAllowList(db, []);
    const refused = waId();
    await send(refused, { text: "track my order" });
    await send(refused, { text: "10234" });
    await runDueJobs();
    await whenIdle();
    expect(texts(refused).at(-1)).toMatch(/couldn't find order #10234/);

    await writeAllowList(db, ["127.0.0.1"]);
    const d = waId();
    await send(d, { text: "order status please" });
    await send(d, { text: "10234" });
    await runDueJobs();
    await whenIdle();
    expect(texts(d)).toContain("Order #10234 is on its way and should arrive by Friday. Track it here: https://t.example/1");
  });

  it("answers two messages posted at the same instant, both, in order", async () => {
    freshGraph();
    const e = waId();
    await send(e, { text: "hi" });
    const first = metaInboundBody(channel, { from: e, text: "1" });
    const second = metaInboundBody(channel, { from: e, text: "hi" });
    await Promise.all(
      [first, second].map((m) =>
        webhookRoute.POST(
          new NextRequest("http://localhost:3000/api/webhooks/meta", { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": metaSignature(m.rawBody, channel.appSecret) }, body: m.rawBody }),
          { params: Promise.resolve({ provider: "meta" }) },
        ),
      ),
    );
    await whenIdle();
    expect(texts(e)).toEqual(["Hello! Type 1 for price, 2 for support.", "Pricing starts at ₹999/month.", "Hello! Type 1 for price, 2 for support."]);
  });

  it("lets a session waiting on v1 finish on v1 while the next session starts on v2", async () => {
    freshGraph();
    const db = await getDb();
    const flowId = await publish("Versioned", { ...demoFlowDocument(), blocks: demoFlowDocument().blocks.map((b) => (b.type === "trigger" ? { ...b, settings: { ...b.settings, keywords: ["versions"] } } : b)) } as FlowDocument, 1);
    const f = waId();
    await send(f, { text: "versions" });
    const v2 = demoFlowDocument();
    const edited = {
      ...v2,
      blocks: v2.blocks.map((b) =>
        b.type === "trigger" ? { ...b, settings: { ...b.settings, keywords: ["versions"] } } : b.id === "pricing" ? { ...b, settings: { ...b.settings, text: "New prices from ₹499/month." } } : b,
      ),
    } as FlowDocument;
    await saveFlow(db, editor, flowId, { document: edited });
    expect((await publishFlow(db, editor, flowId)).sessionsOnOlderVersions).toBe(1);
    await send(f, { text: "1" });
    expect(texts(f).at(-1)).toBe("Pricing starts at ₹999/month.");
    const g = waId();
    await send(g, { text: "versions" });
    await send(g, { text: "1" });
    expect(texts(g).at(-1)).toBe("New prices from ₹499/month.");
  });

  it("stays silent in human mode, and answers again after hand-back", async () => {
    freshGraph();
    const h = waId();
    await send(h, { text: "hi" });
    const db = await getDb();
    const conversationId = await conversationOf(h);
    await changeConversationMode(db, { id: "agent", via: "token" }, conversationId, "takeover");
    await send(h, { text: "1" });
    await send(h, { text: "hi" });
    expect(texts(h)).toEqual(["Hello! Type 1 for price, 2 for support."]);
    await changeConversationMode(db, { id: "agent", via: "token" }, conversationId, "handback");
    await send(h, { text: "hi" });
    expect(texts(h).length).toBe(2);
  });

  it("honours channel keywords: STOP opts out (then silence), START opts back in", async () => {
    freshGraph();
    const k = waId();
    await send(k, { text: "hi" });
    await send(k, { text: "STOP" });
    expect(texts(k).at(-1)).toMatch(/Send START/);
    await send(k, { text: "hi" });
    expect(texts(k)).toHaveLength(2);
    await send(k, { text: "start" });
    expect(texts(k).at(-1)).toMatch(/Welcome back/);
    await send(k, { text: "hi" });
    expect(texts(k).at(-1)).toBe("Hello! Type 1 for price, 2 for support.");
  });

  it("fires a durable no-reply timer", async () => {
    freshGraph();
    const db = await getDb();
    const doc = demoFlowDocument();
    const withTimer = {
      ...doc,
      blocks: [
        { id: "trigger", type: "trigger", position: { x: 0, y: 0 }, settings: { kind: "keyword", keywords: ["timer"] } },
        { id: "ask", type: "reply", position: { x: 0, y: 100 }, settings: { kind: "buttons", text: "Pick one", buttons: [{ id: "a", title: "A" }], noReplyAfterMinutes: 5 } },
        { id: "a_reply", type: "reply", position: { x: 0, y: 200 }, settings: { text: "You picked A" } },
        { id: "late", type: "reply", position: { x: 200, y: 200 }, settings: { text: "Still there?" } },
      ],
      edges: [
        { id: "e1", source: "trigger", sourceOutput: "next", target: "ask" },
        { id: "e2", source: "ask", sourceOutput: "a", target: "a_reply" },
        { id: "e3", source: "ask", sourceOutput: "timeout", target: "late" },
      ],
    } as FlowDocument;
    await publish("Timer", withTimer, 2);
    const t = waId();
    await send(t, { text: "timer" });
    const timers = await db.select().from(scheduledJobs).where(eq(scheduledJobs.conversationId, await conversationOf(t)));
    const job = timers.find((j) => (j.payload as { timerKind: string }).timerKind === "no_reply");
    expect(job!.dueAt.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect(job!.dueAt.getTime()).toBeLessThan(Date.now() + 6 * 60_000);
    await db.update(scheduledJobs).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(scheduledJobs.id, job!.id));
    await Promise.all([runDueJobs(), runDueJobs()]);
    await whenIdle();
    expect(texts(t)).toEqual(["Pick one", "Still there?"]);
  });

  it("processes a burst from many contacts in batches, each exactly as if alone", async () => {
    freshGraph();
    const db = await getDb();
    const before = { ...processingBatchStats };
    const price = Array.from({ length: 12 }, waId);
    const support = Array.from({ length: 12 }, waId);
    const timer = Array.from({ length: 6 }, waId);
    const [human, stop] = [waId(), waId()];
    await send(human, { text: "hi" });
    await changeConversationMode(db, { id: "agent", via: "token" }, await conversationOf(human), "takeover");
    type Message = { text?: string; button?: [string, string] };
    const burst = (list: (readonly [string, Message])[]) => Promise.all(list.map(([from, m]) => post(from, m))).then(() => whenIdle());

    const say = (from: string, m: Message) => [from, m] as const;
    await burst([...[...price, ...support].map((a) => say(a, { text: "hi" })), ...timer.map((t) => say(t, { text: "timer" })), say(human, { text: "hi" }), say(stop, { text: "hi" })]);
    await burst([...price.map((a) => say(a, { text: "1" })), ...support.map((a) => say(a, { text: "2" })), say(stop, { text: "STOP" }), ...timer.slice(0, 3).map((t) => say(t, { button: ["a", "A"] }))]);
    await burst(support.map((a, n) => say(a, { text: `lead${n}@example.com` })));

    for (const a of price) expect(texts(a)).toEqual(["Hello! Type 1 for price, 2 for support.", "Pricing starts at ₹999/month."]);
    support.forEach((a, n) => {
      expect(texts(a)).toHaveLength(3);
      expect(texts(a)[2]).toContain(`lead${n}@example.com`);
    });
    expect(texts(human)).toEqual(["Hello! Type 1 for price, 2 for support."]);
    expect(texts(stop).at(-1)).toMatch(/Send START/);
    for (const t of timer.slice(0, 3)) expect(texts(t)).toEqual(["Pick one", "You picked A"]);
    for (const t of timer.slice(3)) expect(texts(t)).toEqual(["Pick one"]);

    // The burst's rows are those of turns run one by one: one session per contact, in the
    // state the flow left it; answered timers cancelled, the others pending.
    for (const a of [...price, ...support]) {
      const sessions = await db.select().from(botSessions).where(eq(botSessions.conversationId, await conversationOf(a)));
      expect(sessions).toHaveLength(1);
      expect(sessions[0], a).toMatchObject({ status: "ended", endReason: price.includes(a) ? "end_block" : "handoff" });
    }
    // Timers: the same jobs as two control contacts walked one message at a time.
    const [answered, silent] = [waId(), waId()];
    await send(answered, { text: "timer" });
    await send(answered, { button: ["a", "A"] });
    await send(silent, { text: "timer" });
    const jobsOf = async (who: string) =>
      (await db.select().from(scheduledJobs).where(eq(scheduledJobs.conversationId, await conversationOf(who))))
        .map((j) => `${j.kind}:${(j.payload as { timerKind?: string }).timerKind}:${j.doneAt ? "done" : "pending"}`)
        .sort();
    const expected = { answered: await jobsOf(answered), silent: await jobsOf(silent) };
    expect(expected.answered).not.toEqual(expected.silent);
    for (const [n, t] of timer.entries()) expect(await jobsOf(t)).toEqual(n < 3 ? expected.answered : expected.silent);
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, await conversationOf(support[0]!)));
    expect(conv).toMatchObject({ mode: "human", needsHuman: true, lastMessagePreview: expect.stringContaining("lead0@example.com") });
    for (const [n, a] of support.entries()) {
      const [contact] = await db.select().from(contacts).where(eq(contacts.waId, a));
      expect(Object.values(contact!.attributes as Record<string, unknown>)).toContain(`lead${n}@example.com`);
    }
    // The thread reads the same as a contact's walked alone: replies, notes and the
    // handoff in the same order.
    const alone = waId();
    for (const text of ["hi", "2", "lead0@example.com"]) await send(alone, { text });
    const thread = async (who: string) =>
      (await db.select().from(messages).where(eq(messages.conversationId, await conversationOf(who))).orderBy(messages.seq)).map(
        (m) => `${m.direction}/${m.senderKind}/${m.type}: ${m.direction === "out" || m.type === "note" ? m.text?.replace(who, "<number>") : ""}`,
      );
    expect(await thread(support[0]!)).toEqual(await thread(alone));
    expect((await thread(alone)).some((line) => line.includes("/note:"))).toBe(true);
    // And they did go through in batches, not one by one.
    expect(processingBatchStats.batches - before.batches).toBeGreaterThan(0);
    expect(processingBatchStats.largest).toBeGreaterThan(1);
  });
});
