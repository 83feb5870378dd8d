import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { conversations } from "@/db/schema";
import { fakeFetch, fixtureJson } from "@/lib/channels/testing/fixtures";
import { whenIdle } from "./background";
import { setBotRunner } from "./bot";
import { configureDispatcher } from "./dispatcher";
import { enqueueOutbound, transactionWithDispatch } from "./outbound";
import { countingBot, createMetaChannel, deliverAndProcess, messagesOfChannel, metaInboundBody, metaRequest, type TestMetaChannel } from "@/test/messaging";

/** Outbound: retries without duplicates, permanent failures with reasons, the window, order. */
let channel: TestMetaChannel;

beforeAll(async () => {
  channel = await createMetaChannel();
});

afterEach(async () => {
  await whenIdle();
  setBotRunner(null);
  configureDispatcher();
});

const ok = (id: string) => ({ status: 200, body: { messaging_product: "whatsapp", contacts: [{ input: "x", wa_id: "x" }], messages: [{ id }] } });

async function customerWrites(from: string, text: string) {
  await deliverAndProcess(metaRequest(metaInboundBody(channel, { from, text }).rawBody, channel.appSecret));
  const db = await getDb();
  const [conversation] = await db.select().from(conversations).where(eq(conversations.lastMessagePreview, text));
  return conversation!;
}

describe("dispatcher", () => {
  it("sends once when the provider answers 500 then 200", async () => {
    const provider = fakeFetch({ status: 500, body: { error: { message: "Internal", code: 1 } } }, ok("wamid.after-500"));
    configureDispatcher({ fetch: provider.fetch, backoffBaseMs: 10 });
    setBotRunner(countingBot({ reply: () => "Hello! Type 1 for price, 2 for support." }).runner);
    await deliverAndProcess(metaRequest(metaInboundBody(channel, { from: "919800000100", text: "hi" }).rawBody, channel.appSecret));
    await whenIdle();
    // The retry is on a timer; wait for it.
    const sent = await waitForStatus("Hello! Type 1 for price, 2 for support.", "accepted");
    expect(provider.calls).toHaveLength(2);
    expect(provider.calls.filter((c) => c.url === `https://graph.test/v23.0/${channel.phoneNumberId}/messages`)).toHaveLength(2);
    const body = JSON.parse(provider.calls[1]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ to: "919800000100", type: "text", biz_opaque_callback_data: sent.id });
    expect(sent).toMatchObject({ providerMessageId: "wamid.after-500", attempts: 2, error: null });
    const outbound = (await messagesOfChannel(channel.id)).filter((m) => m.direction === "out");
    expect(outbound).toHaveLength(1);
  });

  it("stores a permanent failure with code and title, without retrying", async () => {
    const provider = fakeFetch({ status: 400, body: fixtureJson("meta.api.send.error.131030.json") });
    configureDispatcher({ fetch: provider.fetch, backoffBaseMs: 10 });
    const conversation = await customerWrites("919800000101", "permanent");
    const db = await getDb();
    await transactionWithDispatch(db, (tx) => enqueueOutbound(tx, { conversationId: conversation.id, channelId: channel.id, content: { type: "text", text: "will fail" } }));
    await whenIdle();
    const [row] = (await messagesOfChannel(channel.id)).filter((m) => m.text === "will fail");
    expect(row).toMatchObject({ status: "failed", attempts: 1, error: { code: "131030", title: "Recipient not in allowed list" } });
    expect(row!.failedAt).toBeInstanceOf(Date);
    expect(provider.calls).toHaveLength(1);
  });

  it("gives up after the last attempt of a retryable error", async () => {
    const provider = fakeFetch(...Array.from({ length: 3 }, () => ({ status: 503, body: "busy" })));
    configureDispatcher({ fetch: provider.fetch, backoffBaseMs: 5, maxAttempts: 3 });
    const conversation = await customerWrites("919800000102", "flaky");
    const db = await getDb();
    await transactionWithDispatch(db, (tx) => enqueueOutbound(tx, { conversationId: conversation.id, channelId: channel.id, content: { type: "text", text: "never lands" } }));
    const row = await waitForStatus("never lands", "failed");
    expect(row).toMatchObject({ attempts: 3, error: { code: "http_503" } });
    expect(provider.calls).toHaveLength(3);
  });

  it("refuses a free-form message outside the 24-hour window before calling the provider", async () => {
    const provider = fakeFetch(ok("wamid.template"));
    configureDispatcher({ fetch: provider.fetch });
    const conversation = await customerWrites("919800000103", "old chat");
    const db = await getDb();
    await db.update(conversations).set({ windowExpiresAt: new Date(Date.now() - 1000) }).where(eq(conversations.id, conversation.id));
    await transactionWithDispatch(db, (tx) =>
      enqueueOutbound(tx, [
        { conversationId: conversation.id, channelId: channel.id, content: { type: "text", text: "too late" } },
        { conversationId: conversation.id, channelId: channel.id, content: { type: "template", name: "hello_world", language: "en_US" } },
      ]),
    );
    await whenIdle();
    const rows = await messagesOfChannel(channel.id);
    expect(rows.find((m) => m.text === "too late")).toMatchObject({
      status: "failed",
      attempts: 1,
      error: { code: "131047", title: "24-hour window closed", details: "the 24-hour window closed — send a template" },
    });
    expect(rows.find((m) => m.type === "template")).toMatchObject({ status: "accepted", providerMessageId: "wamid.template" });
    expect(provider.calls).toHaveLength(1);
    expect(JSON.parse(provider.calls[0]!.body)).toMatchObject({ type: "template" });
  });

  it("records an accepted send through a database outage instead of sending it again", async () => {
    // Found by `npm run drill` (pg-restart): the provider answered 200 while PostgreSQL was
    // restarting, recording it failed after 150 ms of retries, the row stayed queued under its
    // lease — blocking the conversation — and was sent a second time when the lease ran out.
    const db = await getDb();
    await db.execute(sql`CREATE OR REPLACE FUNCTION test_db_outage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'database unavailable'; END $$`);
    await db.execute(sql`CREATE TRIGGER test_db_outage BEFORE INSERT ON message_status_event FOR EACH ROW WHEN (NEW.provider_message_id = 'wamid.outage') EXECUTE FUNCTION test_db_outage()`);
    const provider = fakeFetch(ok("wamid.outage"), ok("wamid.sent-again"));
    configureDispatcher({ fetch: provider.fetch, backoffBaseMs: 10, leaseMs: 10_000 });
    const conversation = await customerWrites("919800000105", "outage");
    // Recording the provider's answer fails for 1 s.
    const outage = new Promise((resolve) => setTimeout(resolve, 1_000)).then(() => db.execute(sql`DROP TRIGGER test_db_outage ON message_status_event`));
    await transactionWithDispatch(db, (tx) => enqueueOutbound(tx, { conversationId: conversation.id, channelId: channel.id, content: { type: "text", text: "recorded late" } }));
    await outage;
    const row = await waitForStatus("recorded late", "accepted");
    expect(row).toMatchObject({ providerMessageId: "wamid.outage", attempts: 1 });
    expect(provider.calls).toHaveLength(1);
  });

  it("waits before retrying a send that timed out (the provider may have taken it), not before one that was refused", async () => {
    const at: number[] = [];
    let n = 0;
    const fetch = (async (_url: string, init?: RequestInit) => {
      at.push(Date.now());
      if (++n === 1) return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
      return new Response(JSON.stringify(ok("wamid.after-timeout").body), { status: 200 });
    }) as typeof globalThis.fetch;
    configureDispatcher({ fetch, timeoutMs: 30, backoffBaseMs: 5, inDoubtRetryMs: 400 });
    const conversation = await customerWrites("919800000107", "in doubt");
    const db = await getDb();
    await transactionWithDispatch(db, (tx) => enqueueOutbound(tx, { conversationId: conversation.id, channelId: channel.id, content: { type: "text", text: "after a timeout" } }));
    await waitForStatus("after a timeout", "accepted");
    expect(at).toHaveLength(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(30 + 400 - 5);

    const refused = fakeFetch(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) }), ok("wamid.after-refused"));
    const started = Date.now();
    configureDispatcher({ fetch: refused.fetch, timeoutMs: 30, backoffBaseMs: 5, inDoubtRetryMs: 5_000 });
    await transactionWithDispatch(db, (tx) => enqueueOutbound(tx, { conversationId: conversation.id, channelId: channel.id, content: { type: "text", text: "after a refusal" } }));
    await waitForStatus("after a refusal", "accepted");
    expect(refused.calls).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps a conversation's replies in order, even when the first one is retried", async () => {
    const provider = fakeFetch({ status: 429, body: { error: { code: 130429, message: "Rate limit hit" } } }, ok("wamid.o1"), ok("wamid.o2"), ok("wamid.o3"));
    configureDispatcher({ fetch: provider.fetch, backoffBaseMs: 20 });
    const conversation = await customerWrites("919800000104", "order please");
    const db = await getDb();
    await transactionWithDispatch(db, (tx) =>
      enqueueOutbound(
        tx,
        ["first", "second", "third"].map((text) => ({ conversationId: conversation.id, channelId: channel.id, content: { type: "text" as const, text } })),
      ),
    );
    await waitForStatus("third", "accepted");
    const sentTexts = provider.calls.map((c) => (JSON.parse(c.body) as { text: { body: string } }).text.body);
    expect(sentTexts).toEqual(["first", "first", "second", "third"]);
    const rows = (await messagesOfChannel(channel.id)).filter((m) => ["first", "second", "third"].includes(m.text ?? ""));
    expect(rows.map((r) => r.providerMessageId)).toEqual(["wamid.o1", "wamid.o2", "wamid.o3"]);
  });
});

async function waitForStatus(text: string, status: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await whenIdle();
    const row = (await messagesOfChannel(channel.id)).find((m) => m.text === text);
    if (row?.status === status) return row;
    if (Date.now() > deadline) throw new Error(`"${text}" did not reach ${status} (is ${row?.status})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
