import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { contacts, conversations, messages, messageStatusEvents } from "@/db/schema";
import type { WireStatus } from "@/lib/sandbox/wire";
import { whenIdle } from "./background";
import { configureDispatcher } from "./dispatcher";
import { receiveWebhook } from "./intake";
import { enqueueOutbound, transactionWithDispatch } from "./outbound";
import { processEvents, processingBatchStats } from "./process";
import { applyStatusEvent, applyStatusEvents } from "./statuses";
import type { StatusUpdate } from "@/lib/channels/types";
import { reduceStatus } from "./status-reducer";
import { createMetaChannel, deliverAndProcess, metaRequest, metaStatusBody, type TestMetaChannel } from "@/test/messaging";

/** Ticks: every arrival order ends where the reducer says, with the full history kept. */
let channel: TestMetaChannel;
let conversationId: string;

const T0 = 1_763_712_000;
const STATUSES = ["sent", "delivered", "read", "failed"] as const;
const TIMES: Record<(typeof STATUSES)[number], number> = { sent: T0, delivered: T0 + 2, read: T0 + 5, failed: T0 + 1 };
const FAILURE = { code: 131026, title: "Message undeliverable" };

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function wire(wamid: string, status: (typeof STATUSES)[number], callbackData?: string): WireStatus {
  return { wamid, status, timestamp: String(TIMES[status]), recipient: "919959623255", callbackData, ...(status === "failed" ? { error: FAILURE } : {}) };
}

/** An outbound message the provider already accepted under `wamid`. */
async function acceptedMessage(wamid: string) {
  const db = await getDb();
  const [row] = await db
    .insert(messages)
    .values({ conversationId, channelId: channel.id, direction: "out", senderKind: "bot", type: "text", text: "Hello!", content: { type: "text", text: "Hello!" }, status: "accepted", providerMessageId: wamid })
    .returning();
  return row!;
}

beforeAll(async () => {
  channel = await createMetaChannel();
  const db = await getDb();
  const [contact] = await db.insert(contacts).values({ channelId: channel.id, waId: "919959623255" }).returning();
  const [conversation] = await db
    .insert(conversations)
    .values({ channelId: channel.id, contactId: contact!.id, windowExpiresAt: new Date(Date.now() + 3600_000), lastMessageAt: new Date() })
    .returning();
  conversationId = conversation!.id;
});

afterEach(async () => {
  await whenIdle();
  configureDispatcher();
});

const expected = reduceStatus(STATUSES.map((s) => ({ status: s, timestamp: new Date(TIMES[s] * 1000), error: s === "failed" ? { code: "131026", title: FAILURE.title } : null })));

describe("status reducer in the database", () => {
  const orders = permutations(STATUSES);

  it("has 24 arrival orders to try", () => {
    expect(orders).toHaveLength(24);
    expect(expected.status).toBe("read");
  });

  it.each(orders.map((o, i) => [i, o] as const))("order %i (%j) ends in the reducer's state with 4 history rows", async (i, order) => {
    const wamid = `wamid.order-${i}-${Date.now()}`;
    const message = await acceptedMessage(wamid);
    for (const status of order) {
      const res = await deliverAndProcess(metaRequest(metaStatusBody(channel, [wire(wamid, status)]), channel.appSecret));
      expect(res.status).toBe(200);
    }
    const db = await getDb();
    const [row] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({
      status: expected.status,
      error: null,
      sentAt: expected.sentAt,
      deliveredAt: expected.deliveredAt,
      readAt: expected.readAt,
      failedAt: expected.failedAt,
    });
    const history = await db.select().from(messageStatusEvents).where(eq(messageStatusEvents.messageId, message.id));
    expect(history.map((h) => h.status).sort()).toEqual(["delivered", "failed", "read", "sent"]);
  });

  it("ends the same when all four arrive at once, each twice", async () => {
    const wamid = `wamid.burst-${Date.now()}`;
    const message = await acceptedMessage(wamid);
    const stored = await Promise.all(
      [...STATUSES, ...STATUSES].map((s) => receiveWebhook(metaRequest(metaStatusBody(channel, [wire(wamid, s)]), channel.appSecret))),
    );
    expect(stored.flatMap((r) => r.eventIds)).toHaveLength(4);
    await Promise.all(stored.map((r) => processEvents(r.eventIds)));
    const db = await getDb();
    const [row] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(row!.status).toBe("read");
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(messageStatusEvents).where(eq(messageStatusEvents.messageId, message.id))) as [{ n: number }];
    expect(n).toBe(4);
  });

  it("applies a burst of statuses for 30 messages in batches, each message ending where the reducer says", async () => {
    const before = { ...processingBatchStats };
    const wamids = Array.from({ length: 30 }, (_, n) => `wamid.batch-${Date.now()}-${n}`);
    const rows = await Promise.all(wamids.map((w) => acceptedMessage(w)));
    // Every message gets all four, in an order of its own; each webhook processed as it lands.
    const orders = permutations(STATUSES);
    await Promise.all(
      wamids.flatMap((w, n) =>
        orders[n % orders.length]!.map(async (s) => {
          const res = await receiveWebhook(metaRequest(metaStatusBody(channel, [wire(w, s)]), channel.appSecret));
          await processEvents(res.eventIds);
        }),
      ),
    );
    const db = await getDb();
    for (const row of rows) {
      const [after] = await db.select().from(messages).where(eq(messages.id, row.id));
      expect(after).toMatchObject({ status: expected.status, readAt: expected.readAt, deliveredAt: expected.deliveredAt });
      const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(messageStatusEvents).where(eq(messageStatusEvents.messageId, row.id))) as [{ n: number }];
      expect(n).toBe(4);
    }
    expect(processingBatchStats.batches).toBeGreaterThan(before.batches);
  });

  it("applies a batch exactly as one status at a time (by our id, then by wamid; repeats; a late delivered; unknown ids)", async () => {
    const db = await getDb();
    const run = `${Date.now()}`;
    // Two identical worlds: one gets the statuses one by one, the other as one batch.
    async function world(tag: string) {
      const accepted = await acceptedMessage(`wamid.eq-${tag}-${run}`);
      const [waiting] = await db
        .insert(messages)
        .values({ conversationId, channelId: channel.id, direction: "out", senderKind: "bot", type: "text", text: "queued", content: { type: "text", text: "queued" }, status: "queued", attempts: 1, nextAttemptAt: new Date(Date.now() + 60_000) })
        .returning();
      const lost = `wamid.eq-lost-${tag}-${run}`;
      const at = (s: number) => new Date((T0 + s) * 1000);
      const status = (providerMessageId: string, s: StatusUpdate["status"], t: number, callbackData?: string): StatusUpdate => ({
        kind: "status",
        channelKey: { phoneNumberId: channel.phoneNumberId },
        providerMessageId,
        status: s,
        providerStatus: s,
        timestamp: at(t),
        raw: {},
        ...(callbackData ? { callbackData } : {}),
      });
      const events = [
        status(`wamid.eq-${tag}-${run}`, "read", 5),
        status(lost, "sent", 1, waiting!.id), // the send's answer was lost: our id names it
        status(`wamid.eq-${tag}-${run}`, "delivered", 2), // late, after read: history only
        status(lost, "delivered", 3), // by wamid alone, learnt from the status before
        status(lost, "delivered", 3), // a repeat
        status(`wamid.eq-unknown-${tag}-${run}`, "sent", 1), // nobody's (yet)
      ];
      return { ids: [accepted.id, waiting!.id], events };
    }
    const one = await world("one");
    const batch = await world("batch");
    const oneOutcomes = await db.transaction(async (tx) => {
      const out = [];
      for (const e of one.events) out.push(await applyStatusEvent(tx, channel.id, e));
      return out;
    });
    const batchOutcomes = await db.transaction((tx) => applyStatusEvents(tx, batch.events.map((event) => ({ channelId: channel.id, event }))));
    const shape = (o: { messageId: string | null; recorded: boolean; status: string | null }, ids: string[]) => ({ message: o.messageId ? ids.indexOf(o.messageId) : null, recorded: o.recorded, status: o.status });
    expect(batchOutcomes.map((o) => shape(o, batch.ids))).toEqual(oneOutcomes.map((o) => shape(o, one.ids)));
    for (const n of [0, 1]) {
      const [a] = await db.select().from(messages).where(eq(messages.id, one.ids[n]!));
      const [b] = await db.select().from(messages).where(eq(messages.id, batch.ids[n]!));
      const view = (m: typeof a) => ({ status: m!.status, error: m!.error, sentAt: m!.sentAt, deliveredAt: m!.deliveredAt, readAt: m!.readAt, failedAt: m!.failedAt, provider: m!.providerMessageId?.replace(/-(one|batch)-/, "-"), nextAttemptAt: m!.nextAttemptAt });
      expect(view(b)).toEqual(view(a));
      const history = async (id: string) => (await db.select().from(messageStatusEvents).where(eq(messageStatusEvents.messageId, id))).map((h) => h.status).sort();
      expect(await history(batch.ids[n]!)).toEqual(await history(one.ids[n]!));
    }
    const [waitingRow] = await db.select().from(messages).where(eq(messages.id, batch.ids[1]!));
    expect(waitingRow).toMatchObject({ status: "delivered", nextAttemptAt: null });
  });

  it("keeps failed with its code when nothing says it was delivered", async () => {
    const wamid = `wamid.failed-${Date.now()}`;
    const message = await acceptedMessage(wamid);
    for (const s of ["failed", "sent"] as const) await deliverAndProcess(metaRequest(metaStatusBody(channel, [wire(wamid, s)]), channel.appSecret));
    const db = await getDb();
    const [row] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({ status: "failed", error: { code: "131026", title: "Message undeliverable" } });
  });
});

describe("statuses that beat the send call", () => {
  async function queued(text: string) {
    const db = await getDb();
    return transactionWithDispatch(db, async (tx) => (await enqueueOutbound(tx, { conversationId, channelId: channel.id, content: { type: "text", text } }))[0]!);
  }

  it("adopts statuses stored before the send returned the provider id", async () => {
    const wamid = `wamid.early-${Date.now()}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = (async () => {
      await gate;
      return new Response(JSON.stringify({ messages: [{ id: wamid }] }), { status: 200 });
    }) as typeof globalThis.fetch;
    configureDispatcher({ fetch });
    const message = await queued("early ticks");
    // `sent` and `delivered` arrive while the send call is still waiting for its answer (no callback data).
    for (const s of ["sent", "delivered"] as const) await deliverAndProcess(metaRequest(metaStatusBody(channel, [wire(wamid, s)]), channel.appSecret));
    const db = await getDb();
    const orphans = await db.select().from(messageStatusEvents).where(eq(messageStatusEvents.providerMessageId, wamid));
    expect(orphans.map((o) => o.messageId)).toEqual([null, null]);
    release();
    await whenIdle();
    const [row] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({ status: "delivered", providerMessageId: wamid });
    const adopted = await db.select().from(messageStatusEvents).where(eq(messageStatusEvents.messageId, message.id));
    expect(adopted.map((a) => a.status).sort()).toEqual(["accepted", "delivered", "sent"]);
  });

  it("attaches by our id echoed as callback data", async () => {
    const wamid = `wamid.cb-${Date.now()}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    configureDispatcher({
      fetch: (async () => {
        await gate;
        return new Response(JSON.stringify({ messages: [{ id: wamid }] }), { status: 200 });
      }) as typeof globalThis.fetch,
    });
    const message = await queued("callback ticks");
    await deliverAndProcess(metaRequest(metaStatusBody(channel, [wire(wamid, "read", message.id)]), channel.appSecret));
    const db = await getDb();
    const [before] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(before!.status).toBe("read");
    release();
    await whenIdle();
    const [row] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({ status: "read", providerMessageId: wamid });
  });

  it("settles a send whose answer never came by its sent status, and never sends it again", async () => {
    const wamid = `wamid.lost-answer-${Date.now()}`;
    const calls: string[] = [];
    configureDispatcher({
      timeoutMs: 50,
      inDoubtRetryMs: 300,
      backoffBaseMs: 5,
      // The provider takes the message (its `sent` status webhook, echoing our id, comes
      // back) but the answer to the send call is lost: the call times out.
      fetch: (async (_url: string, init?: RequestInit) => {
        const body = JSON.parse(String(init?.body)) as { biz_opaque_callback_data: string };
        calls.push(body.biz_opaque_callback_data);
        await deliverAndProcess(metaRequest(metaStatusBody(channel, [wire(wamid, "sent", body.biz_opaque_callback_data)]), channel.appSecret));
        return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
      }) as typeof globalThis.fetch,
    });
    const message = await queued("answer lost");
    await whenIdle();
    // Past the in-doubt wait: the retry found the row settled and sent nothing.
    await new Promise((r) => setTimeout(r, 600));
    await whenIdle();
    expect(calls).toEqual([message.id]);
    const db = await getDb();
    const [row] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(row).toMatchObject({ status: "sent", providerMessageId: wamid, nextAttemptAt: null });
  });

  it("ignores a duplicate status (same history row, same state)", async () => {
    const wamid = `wamid.dup-${Date.now()}`;
    const message = await acceptedMessage(wamid);
    const body = metaStatusBody(channel, [wire(wamid, "delivered")]);
    await deliverAndProcess(metaRequest(body, channel.appSecret));
    const again = await deliverAndProcess(metaRequest(body, channel.appSecret));
    expect(again.eventIds).toEqual([]);
    const db = await getDb();
    expect(await db.select().from(messageStatusEvents).where(eq(messageStatusEvents.messageId, message.id))).toHaveLength(1);
  });
});
