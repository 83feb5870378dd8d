import { eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { conversations, messages, webhookEvents } from "@/db/schema";
import { fakeFetch } from "@/lib/channels/testing/fixtures";
import { whenIdle } from "./background";
import { setBotRunner } from "./bot";
import { configureDispatcher } from "./dispatcher";
import { receiveWebhook } from "./intake";
import { processEvents } from "./process";
import { sweepOnce } from "./sweeper";
import { enqueueOutbound, onCommit } from "./outbound";
import { countingBot, createMetaChannel, deliverAndProcess, metaInboundBody, metaRequest, messagesOfChannel, type TestMetaChannel } from "@/test/messaging";

/** Inbound processing, ordering while the bot is busy, and crash recovery by the sweeper. */
let channel: TestMetaChannel;
const later = () => new Date(Date.now() + 10 * 60_000);

beforeAll(async () => {
  channel = await createMetaChannel();
});

afterEach(async () => {
  await whenIdle();
  setBotRunner(null);
  configureDispatcher();
});

describe("inbound", () => {
  it("upserts contact and conversation, stores the message once, opens the 24-hour window", async () => {
    const bot = countingBot();
    setBotRunner(bot.runner);
    const sentAt = new Date(Date.now() - 60_000);
    await deliverAndProcess(metaRequest(metaInboundBody(channel, { from: "919959623255", name: "Ravi", text: "hi", timestamp: sentAt }).rawBody, channel.appSecret));
    await deliverAndProcess(metaRequest(metaInboundBody(channel, { from: "919959623255", text: "1" }).rawBody, channel.appSecret));
    const db = await getDb();
    const [conversation] = await db.select().from(conversations).where(eq(conversations.channelId, channel.id));
    expect(conversation).toMatchObject({ mode: "bot", unreadCount: 2, lastMessagePreview: "1" });
    expect(conversation!.windowExpiresAt!.getTime()).toBeGreaterThanOrEqual(Math.floor(sentAt.getTime() / 1000) * 1000 + 24 * 3600_000);
    expect(bot.runs.map((r) => [r.text, r.firstContact])).toEqual([
      ["hi", true],
      ["1", false],
    ]);
  });

  it("queues messages that arrive while the bot is busy and runs them in arrival order", async () => {
    const bot = countingBot({ delayMs: 60 });
    setBotRunner(bot.runner);
    const from = "919800000010";
    const stored = [];
    for (const text of ["one", "two", "three", "four"]) stored.push(await receiveWebhook(metaRequest(metaInboundBody(channel, { from, text }).rawBody, channel.appSecret)));
    // Each arrives in its own request and is processed after its own answer, concurrently.
    await Promise.all(stored.map((r) => processEvents(r.eventIds)));
    expect(bot.runs.filter((r) => r.conversationId === bot.runs[0]!.conversationId).map((r) => r.text)).toEqual(["one", "two", "three", "four"]);
  });

  it.runIf(Boolean(process.env.DATABASE_URL))("keeps a contact's order across instances: the newer message's processor handles the older open one first", async () => {
    const bot = countingBot();
    setBotRunner(bot.runner);
    const from = "919800000019";
    // Instance A stored "first", instance B stored "second"; B gets to process before A does.
    const first = await receiveWebhook(metaRequest(metaInboundBody(channel, { from, text: "first" }).rawBody, channel.appSecret));
    const second = await receiveWebhook(metaRequest(metaInboundBody(channel, { from, text: "second" }).rawBody, channel.appSecret));
    expect(await processEvents(second.eventIds)).toEqual([{ id: second.eventIds[0], outcome: "processed" }]);
    expect(bot.runs.map((r) => r.text)).toEqual(["first", "second"]);
    // A comes to it late: already done.
    expect(await processEvents(first.eventIds)).toEqual([{ id: first.eventIds[0], outcome: "skipped" }]);
    const db = await getDb();
    const stored = await db.select({ text: messages.text }).from(messages).where(eq(messages.channelId, channel.id)).orderBy(messages.seq);
    expect(stored.map((m) => m.text).filter((t) => t === "first" || t === "second")).toEqual(["first", "second"]);
    expect(bot.runs).toHaveLength(2);
  });

  it("does not run the bot while an agent has the conversation", async () => {
    const bot = countingBot();
    setBotRunner(bot.runner);
    const from = "919800000011";
    await deliverAndProcess(metaRequest(metaInboundBody(channel, { from, text: "first" }).rawBody, channel.appSecret));
    const db = await getDb();
    await db.update(conversations).set({ mode: "human" }).where(eq(conversations.id, bot.runs[0]!.conversationId));
    await deliverAndProcess(metaRequest(metaInboundBody(channel, { from, text: "second" }).rawBody, channel.appSecret));
    expect(bot.runs.map((r) => r.text)).toEqual(["first"]);
  });

  it("rolls back the whole event when the bot fails, and retries it", async () => {
    let fail = true;
    const committed: string[] = [];
    setBotRunner({
      async onInboundMessage(tx, ctx) {
        await ctx.reply({ type: "text", text: "never sent" });
        onCommit(tx, () => committed.push(fail ? "after a failed run" : "after the good run"));
        if (fail) throw new Error("flow crashed");
      },
    });
    const { rawBody, wamid } = metaInboundBody(channel, { from: "919800000012", text: "boom" });
    const res = await receiveWebhook(metaRequest(rawBody, channel.appSecret));
    expect(await processEvents(res.eventIds)).toEqual([{ id: res.eventIds[0], outcome: "retry" }]);
    const db = await getDb();
    expect(await db.select().from(messages).where(eq(messages.providerMessageId, wamid))).toHaveLength(0);
    const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, res.eventIds[0]!));
    expect(event).toMatchObject({ state: "pending", attempts: 1, lastError: "flow crashed" });
    fail = false;
    const fetch = fakeFetch({ body: { messages: [{ id: "wamid.retry-ok" }] } });
    configureDispatcher({ fetch: fetch.fetch });
    await sweepOnce({ now: later() });
    await whenIdle();
    expect(await db.select().from(messages).where(eq(messages.providerMessageId, wamid))).toHaveLength(1);
    // Commit hooks run only for the transaction that committed.
    expect(committed).toEqual(["after the good run"]);
  });
});

describe("crash recovery", () => {
  it("processes events stored but never processed exactly once, with two sweepers racing", async () => {
    const bot = countingBot();
    setBotRunner(bot.runner);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      // The process "dies" after answering 200: nothing calls processEvents.
      const res = await receiveWebhook(metaRequest(metaInboundBody(channel, { from: `91980000002${i}`, text: `crash ${i}` }).rawBody, channel.appSecret));
      expect(res.status).toBe(200);
      ids.push(...res.eventIds);
    }
    const db = await getDb();
    // Still leased to the dead instance: a sweep now leaves them alone.
    expect((await sweepOnce()).events).toBe(0);
    const [a, b] = await Promise.all([sweepOnce({ now: later() }), sweepOnce({ now: later() })]);
    expect(a.events + b.events).toBeGreaterThanOrEqual(6);
    const events = await db.select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
    expect(events.every((e) => e.state === "done")).toBe(true);
    expect(bot.runs.filter((r) => r.text?.startsWith("crash"))).toHaveLength(6);
    const stored = (await messagesOfChannel(channel.id)).filter((m) => m.text?.startsWith("crash"));
    expect(stored).toHaveLength(6);
    // And a third sweep finds nothing left.
    expect((await sweepOnce({ now: later() })).events).toBe(0);
  });

  it("sends outbound rows committed but never dispatched, once, with two sweepers racing", async () => {
    const { rawBody } = metaInboundBody(channel, { from: "919800000030", text: "hello" });
    await deliverAndProcess(metaRequest(rawBody, channel.appSecret));
    const db = await getDb();
    const [conversation] = await db.select().from(conversations).where(eq(conversations.lastMessagePreview, "hello"));
    // Committed, then the process died before dispatching.
    await db.transaction((tx) => enqueueOutbound(tx, { conversationId: conversation!.id, channelId: channel.id, content: { type: "text", text: "orphaned reply" } }));
    const fetch = fakeFetch({ body: { messages: [{ id: "wamid.swept" }] } }, { body: { messages: [{ id: "wamid.twice" }] } });
    configureDispatcher({ fetch: fetch.fetch });
    await Promise.all([sweepOnce({ outboundGraceMs: 0 }), sweepOnce({ outboundGraceMs: 0 })]);
    await whenIdle();
    expect(fetch.calls).toHaveLength(1);
    const [row] = (await messagesOfChannel(channel.id)).filter((m) => m.text === "orphaned reply");
    expect(row).toMatchObject({ status: "accepted", providerMessageId: "wamid.swept", attempts: 1 });
  });
});
