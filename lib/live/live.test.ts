import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as liveRoute from "@/app/api/v1/live/route";
import { dbHandle } from "@/db";
import { openDb, type DbHandle } from "@/db/client";
import { currentLiveSeq } from "@/db/queries/live";
import { conversations, messages } from "@/db/schema";
import { setBotRunner } from "@/lib/messaging/bot";
import { whenIdle } from "@/lib/messaging/background";
import { configureDispatcher } from "@/lib/messaging/dispatcher";
import { graphFake } from "@/test/graph-fake";
import { apiRequest, countingBot, createMetaChannel, deliverAndProcess, metaInboundBody, metaRequest, params, userWithToken, waitFor, type TestMetaChannel } from "@/test/messaging";
import { LIVE_CHANNEL, parseNotification, type LiveEvent, type LiveNotification } from "./events";
import { eventsSince } from "./feed";
import { LiveHub } from "./hub";
import { liveStream } from "./stream";

/** The live feed on the engine of the run: PostgreSQL with DATABASE_URL, else PGlite. */
const onPostgres = Boolean(process.env.DATABASE_URL);
let channel: TestMetaChannel;
let handle: DbHandle;
let hub: LiveHub;
let number = 0;
const nextWaId = () => `4477009${String(++number).padStart(5, "0")}`;

async function customerWrites(text: string, from = nextWaId()) {
  await deliverAndProcess(metaRequest(metaInboundBody(channel, { from, text, name: `Customer ${from.slice(-3)}` }).rawBody, channel.appSecret));
  return from;
}

async function conversationOf(waId: string) {
  const rows = await handle.db.execute(sql`SELECT c.id FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.wa_id = ${waId}`);
  const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: { id: string }[] }).rows) as { id: string }[];
  return list[0]!.id;
}

/** Collects SSE events from a stream until `done` says so. */
async function readEvents(stream: ReadableStream<Uint8Array>, done: (events: { event: string; id: string | null; data: unknown }[]) => boolean, timeoutMs = 8_000) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; id: string | null; data: unknown }[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done(events)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${events.map((e) => e.event).join(",")}`);
      const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 200))]);
      if (next === null) continue;
      if (next.done) break;
      buffer += decoder.decode(next.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split("\n").filter((l) => !l.startsWith(":"));
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        const event = field("event");
        if (event) events.push({ event, id: field("id"), data: JSON.parse(field("data") ?? "null") });
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}

beforeAll(async () => {
  handle = await dbHandle();
  channel = await createMetaChannel();
  const graph = graphFake();
  configureDispatcher({ fetch: graph.fetch });
  setBotRunner(countingBot({ reply: (ctx) => (ctx.message.text === "hi" ? "Hello! Type 1 for price, 2 for support." : null) }).runner);
  hub = new LiveHub(handle);
  await hub.start();
});

afterEach(async () => {
  await whenIdle();
  await hub.idle();
});

afterAll(async () => {
  await hub.close();
});

describe(`live feed on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("a committed change NOTIFYs with its change_seq; a rolled-back one never does", async () => {
    const got: LiveNotification[] = [];
    const stop = handle.kind === "postgres"
      ? (await handle.sql!.listen(LIVE_CHANNEL, (p) => got.push(parseNotification(p)!))).unlisten
      : await handle.pglite!.listen(LIVE_CHANNEL, (p) => {
          got.push(parseNotification(p)!);
        });
    try {
      const waId = await customerWrites("hello there");
      const conversationId = await conversationOf(waId);
      const [row] = await handle.db.select().from(messages).where(eq(messages.conversationId, conversationId));
      await waitFor(async () => got.some((n) => n.kind === "message" && n.id === row!.id), 5_000, "message notification");
      const n = got.find((x) => x.kind === "message" && x.id === row!.id)!;
      expect(n).toMatchObject({ seq: row!.changeSeq, conversationId });
      expect(got.some((x) => x.kind === "conversation" && x.id === conversationId)).toBe(true);

      const before = got.length;
      await expect(
        handle.db.transaction(async (tx) => {
          await tx.update(conversations).set({ unreadCount: 42 }).where(eq(conversations.id, conversationId));
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await new Promise((r) => setTimeout(r, 150));
      expect(got.length).toBe(before);

      // Bookkeeping-only updates (last seen, dispatch leases) are not changes the inbox shows.
      await handle.db.execute(sql`UPDATE contact SET last_seen_at = now() WHERE wa_id = ${waId}`);
      await handle.db.update(messages).set({ attempts: 7 }).where(eq(messages.id, row!.id));
      await new Promise((r) => setTimeout(r, 150));
      expect(got.length).toBe(before);
    } finally {
      await stop();
    }
  });

  it("the hub turns notifications into conversation and message views, newest state last", async () => {
    const batches: LiveEvent[][] = [];
    const unsubscribe = hub.subscribe((events) => batches.push(events));
    try {
      const waId = await customerWrites("hi");
      const conversationId = await conversationOf(waId);
      await whenIdle();
      const events = () => batches.flat();
      await waitFor(async () => events().some((e) => e.kind === "message" && e.data.direction === "out" && e.data.status === "accepted"), 5_000, "bot reply accepted");
      const conversation = events().filter((e) => e.kind === "conversation" && e.id === conversationId).at(-1)!;
      expect(conversation.data).toMatchObject({ id: conversationId, mode: "bot", unreadCount: 1, contact: { waId }, channel: { id: channel.id } });
      const inbound = events().find((e) => e.kind === "message" && e.data.direction === "in")!;
      expect(inbound.data).toMatchObject({ conversationId, text: "hi", status: "received" });
      const replies = events().flatMap((e) => (e.kind === "message" && e.data.direction === "out" ? [e.data] : []));
      expect(replies.map((m) => m.status)).toEqual(expect.arrayContaining(["accepted"]));
      const seqs = events().map((e) => e.seq);
      // Each batch is ordered, and later batches never carry an older version of a row.
      for (const batch of batches) expect(batch.map((e) => e.seq)).toEqual([...batch.map((e) => e.seq)].sort((a, b) => a - b));
      expect(Math.max(...seqs)).toBeLessThanOrEqual(await currentLiveSeq(handle.db));
    } finally {
      unsubscribe();
    }
  });

  it("catch-up returns the rows changed after a position, and says when there are too many", async () => {
    const since = await currentLiveSeq(handle.db);
    const waId = await customerWrites("catch me up");
    await whenIdle();
    const conversationId = await conversationOf(waId);
    const { events, truncated } = await eventsSince(handle.db, since, 100);
    expect(truncated).toBe(false);
    expect(events.every((e) => e.seq > since)).toBe(true);
    expect(events.some((e) => e.kind === "message" && e.data.text === "catch me up")).toBe(true);
    expect(events.some((e) => e.kind === "conversation" && e.id === conversationId)).toBe(true);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect((await eventsSince(handle.db, 0, 1)).truncated).toBe(true);
  });

  it("a stream catches up from Last-Event-ID, then streams live events, never repeating a version", async () => {
    const waId = await customerWrites("before the reconnect");
    await whenIdle();
    await hub.idle();
    const since = await currentLiveSeq(handle.db);
    // Committed while the client was away:
    await customerWrites("while away", waId);
    await whenIdle();
    const controller = new AbortController();
    const stream = liveStream(hub, { since, signal: controller.signal });
    let sentLive = false;
    const events = await readEvents(stream, (evs) => {
      if (!sentLive && evs.some((e) => e.event === "ready")) {
        sentLive = true;
        void customerWrites("live now", waId);
      }
      return evs.some((e) => e.event === "message" && (e.data as { text?: string }).text === "live now");
    });
    controller.abort();
    const texts = events.filter((e) => e.event === "message").map((e) => (e.data as { text: string }).text);
    expect(texts).toContain("while away");
    expect(texts.indexOf("while away")).toBeLessThan(texts.indexOf("live now"));
    const ready = events.findIndex((e) => e.event === "ready");
    expect(events.findIndex((e) => (e.data as { text?: string }).text === "while away")).toBeLessThan(ready);
    // Ids only grow: each is the highest change_seq sent so far.
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // No row is sent twice at the same version.
    const versions = events.filter((e) => e.event !== "ready").map((e) => `${e.event}:${(e.data as { id: string }).id}:${(e.data as { changeSeq: number }).changeSeq}`);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("a fresh client gets `ready` at the head; an unknown position gets `reset`", async () => {
    const head = await currentLiveSeq(handle.db);
    const fresh = await readEvents(liveStream(hub, { since: null }), (evs) => evs.length > 0);
    expect(fresh[0]).toMatchObject({ event: "ready", id: String(head) });
    const reset = await readEvents(liveStream(hub, { since: head + 1_000_000 }), (evs) => evs.length > 0);
    expect(reset[0]!.event).toBe("reset");
  });

  it("GET /api/v1/live: 401 without credentials; an event stream for an agent", async () => {
    const anonymous = await liveRoute.GET(apiRequest("/api/v1/live"), params({}));
    expect(anonymous.status).toBe(401);
    const agent = await userWithToken("agent");
    const res = await liveRoute.GET(apiRequest("/api/v1/live", { token: agent.token }), params({}));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toContain("no-cache");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    let wrote = false;
    const events = await readEvents(res.body!, (evs) => {
      if (!wrote && evs.some((e) => e.event === "ready")) {
        wrote = true;
        void customerWrites("through the route");
      }
      return evs.some((e) => e.event === "message" && (e.data as { text?: string }).text === "through the route");
    });
    expect(events[0]!.event).toBe("ready");
    // Resuming with Last-Event-ID replays what came after it.
    const resumeFrom = Number(events[0]!.id);
    const again = await liveRoute.GET(new (await import("next/server")).NextRequest("http://localhost:3000/api/v1/live", { headers: { authorization: `Bearer ${agent.token}`, "last-event-id": String(resumeFrom) } }), params({}));
    const replay = await readEvents(again.body!, (evs) => evs.some((e) => e.event === "ready"));
    expect(replay.some((e) => e.event === "message" && (e.data as { text?: string }).text === "through the route")).toBe(true);
  });
});

describe.runIf(onPostgres)("live feed across instances (PostgreSQL)", () => {
  let other: DbHandle;
  let otherHub: LiveHub;

  beforeAll(async () => {
    other = await openDb({ url: process.env.DATABASE_URL, poolSize: 2 });
    otherHub = new LiveHub(other);
    await otherHub.start();
  });

  afterAll(async () => {
    await otherHub.close();
    await other.close();
  });

  it("a change committed through one instance reaches the other instance's clients", async () => {
    const got: LiveEvent[] = [];
    const unsubscribe = otherHub.subscribe((events) => got.push(...events));
    try {
      const waId = await customerWrites("hello other instance");
      await waitFor(async () => got.some((e) => e.kind === "message" && e.data.text === "hello other instance"), 5_000, "event on the other instance");
      expect(got.some((e) => e.kind === "conversation" && e.data.contact.waId === waId)).toBe(true);
    } finally {
      unsubscribe();
    }
  });

  it("a lower change_seq committed after a higher one is still caught up (GAP)", async () => {
    const waId = await customerWrites("ordering");
    await whenIdle();
    const conversationId = await conversationOf(waId);
    // T1 takes a sequence value and stays open; T2 takes a later one and commits first.
    let releaseT1!: () => void;
    const t1Holding = new Promise<void>((r) => (releaseT1 = r));
    let t1Seq = 0;
    const t1 = handle.sql!.begin(async (tx) => {
      const [row] = await tx`UPDATE conversation SET last_message_preview = 'from T1' WHERE id = ${conversationId} RETURNING change_seq`;
      t1Seq = Number(row!.change_seq);
      await t1Holding;
    });
    await waitFor(async () => t1Seq > 0, 5_000, "T1 holds its seq");
    await customerWrites("T2 commits first");
    await whenIdle();
    const seenUpTo = await currentLiveSeq(handle.db);
    expect(seenUpTo).toBeGreaterThan(t1Seq);
    releaseT1();
    await t1;
    // A client that saw everything up to T2 reconnects: T1's row is replayed.
    const events = await readEvents(liveStream(hub, { since: seenUpTo }), (evs) => evs.some((e) => e.event === "ready"));
    const t1Event = events.find((e) => e.event === "conversation" && (e.data as { lastMessagePreview: string }).lastMessagePreview === "from T1");
    expect(t1Event).toBeDefined();
  });
});
