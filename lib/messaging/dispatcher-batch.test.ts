import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import * as queries from "@/db/queries/outbound";
import { contacts, conversations, messages } from "@/db/schema";
import { whenIdle } from "./background";
import { Dispatcher } from "./dispatcher";
import { stageLog } from "./log-lines";
import { enqueueOutbound, type OutboundInput } from "./outbound";
import { createMetaChannel, type TestMetaChannel } from "@/test/messaging";

/**
 * The dispatcher's batching: conversations that pile up are claimed in one statement and
 * their accepted sends recorded in one transaction, with the guarantees of sending one
 * conversation at a time — order, no double send, the window — unchanged.
 */

// Counts the batch statements the dispatcher runs (the real ones run underneath).
const claims = vi.hoisted(() => [] as string[][]);
const recordings = vi.hoisted(() => [] as string[][]);
vi.mock("@/db/queries/outbound", async (importOriginal) => {
  const actual = await importOriginal<typeof queries>();
  return {
    ...actual,
    claimConversationHeads: (db: Parameters<typeof actual.claimConversationHeads>[0], ids: readonly string[], leaseMs: number) => {
      claims.push([...ids]);
      return actual.claimConversationHeads(db, ids, leaseMs);
    },
    recordSendSuccesses: (tx: Parameters<typeof actual.recordSendSuccesses>[0], sends: readonly queries.SendSuccess[]) => {
      recordings.push(sends.map((s) => s.messageId));
      return actual.recordSendSuccesses(tx, sends);
    },
  };
});

let channel: TestMetaChannel;
const dispatchers: Dispatcher[] = [];

beforeAll(async () => {
  channel = await createMetaChannel();
});

afterEach(async () => {
  await whenIdle();
  for (const d of dispatchers.splice(0)) d.stop();
  claims.length = 0;
  recordings.length = 0;
  vi.restoreAllMocks();
});

afterAll(async () => {
  await whenIdle();
});

interface ProviderCall {
  messageId: string;
  text: string;
  status: number;
}

/**
 * A Graph API double: answers each send with `answer` (default 200 with a fresh wamid),
 * journaling every call in the order it arrived.
 */
function provider(answer: (call: { messageId: string; text: string; n: number }) => Promise<{ status: number; body?: unknown }> | { status: number; body?: unknown } = () => ({ status: 200 })) {
  const calls: ProviderCall[] = [];
  let n = 0;
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { biz_opaque_callback_data: string; text?: { body: string }; template?: { name: string } };
    const call = { messageId: body.biz_opaque_callback_data, text: body.text?.body ?? `template:${body.template?.name}`, n: n++ };
    const entry: ProviderCall = { messageId: call.messageId, text: call.text, status: 0 };
    calls.push(entry);
    const res = await answer(call);
    entry.status = res.status;
    const payload =
      res.body ?? (res.status === 200 ? { messaging_product: "whatsapp", contacts: [{ input: "x", wa_id: "x" }], messages: [{ id: `wamid.${call.messageId}.${call.n}` }] } : { error: { message: "Internal", code: 1 } });
    return new Response(JSON.stringify(payload), { status: res.status, headers: { "content-type": "application/json" } });
  }) as typeof globalThis.fetch;
  return { fetch, calls, accepted: () => calls.filter((c) => c.status === 200) };
}

function dispatcher(options: ConstructorParameters<typeof Dispatcher>[0]): Dispatcher {
  const d = new Dispatcher({ backoffBaseMs: 10, backoffCapMs: 40, ...options });
  dispatchers.push(d);
  return d;
}

let contactSeq = 0;

/** Conversations with an open window (or a closed one), straight in the database. */
async function newConversations(count: number, windowOpen = true): Promise<string[]> {
  const db = await getDb();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [contact] = await db.insert(contacts).values({ channelId: channel.id, waId: `91977${String(++contactSeq).padStart(7, "0")}` }).returning();
    const [conversation] = await db
      .insert(conversations)
      .values({ channelId: channel.id, contactId: contact!.id, windowExpiresAt: new Date(Date.now() + (windowOpen ? 3_600_000 : -1_000)) })
      .returning();
    ids.push(conversation!.id);
  }
  return ids;
}

/** Queued in one committed transaction, not dispatched (the test kicks). */
async function queue(conversationId: string, texts: string[]) {
  const db = await getDb();
  const inputs: OutboundInput[] = texts.map((text) =>
    text.startsWith("template:")
      ? { conversationId, channelId: channel.id, content: { type: "template", name: text.slice("template:".length), language: "en_US" } }
      : { conversationId, channelId: channel.id, content: { type: "text", text } },
  );
  return db.transaction((tx) => enqueueOutbound(tx, inputs));
}

async function rowsOf(conversationIds: string[]) {
  const db = await getDb();
  return db.select().from(messages).where(inArray(messages.conversationId, conversationIds)).orderBy(messages.seq);
}

/** Retries run on timers (not tracked): wait until no row of these conversations is queued. */
async function settled(conversationIds: string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await whenIdle();
    const rows = await rowsOf(conversationIds);
    if (rows.every((r) => r.status !== "queued")) return rows;
    if (Date.now() > deadline) throw new Error(`still queued: ${rows.filter((r) => r.status === "queued").map((r) => r.text).join(", ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("dispatcher batches", () => {
  it("claims the kicks of one synchronous run (a commit's) with one statement", async () => {
    const ids = await newConversations(20);
    for (const id of ids) await queue(id, [`only ${id.slice(0, 8)}`]);
    const graph = provider();
    const d = dispatcher({ fetch: graph.fetch });
    // As a commit kicks its conversations (dispatchAfterCommit): in one loop.
    await Promise.all(ids.map((id) => d.kick(id)));
    const rows = await settled(ids);
    expect(rows.every((r) => r.status === "accepted" && r.attempts === 1 && r.providerMessageId === `wamid.${r.id}.${graph.calls.findIndex((c) => c.messageId === r.id)}`)).toBe(true);
    expect(graph.calls).toHaveLength(20);
    // The 20 kicks made in one synchronous run share the first claim.
    expect(claims[0]).toEqual(ids);
    // Re-claims after the sends are batched too: a few statements, not 2 per conversation.
    expect(claims.length).toBeLessThanOrEqual(6);
    expect(recordings.flat().sort()).toEqual(rows.map((r) => r.id).sort());
    expect(recordings.length).toBeLessThan(10);
  });

  it("keeps each conversation's order with several queued messages and a retry in between", async () => {
    const ids = await newConversations(4);
    const texts = (id: string) => [0, 1, 2, 3, 4].map((n) => `${id.slice(0, 8)} #${n}`);
    for (const id of ids) await queue(id, texts(id));
    // The third message of every conversation fails once (503, then 429 for the last conversation).
    const failedOnce = new Set<string>();
    const graph = provider(({ messageId, text }) => {
      if (text.endsWith("#2") && !failedOnce.has(messageId)) {
        failedOnce.add(messageId);
        return text.startsWith(ids[3]!.slice(0, 8)) ? { status: 429, body: { error: { code: 130429, message: "Rate limit hit" } } } : { status: 503, body: "busy" };
      }
      return { status: 200 };
    });
    const d = dispatcher({ fetch: graph.fetch });
    for (const id of ids) void d.kick(id);
    const rows = await settled(ids);
    for (const id of ids) {
      const sent = graph.calls.filter((c) => c.text.startsWith(id.slice(0, 8))).map((c) => `${c.text.slice(-2)}:${c.status}`);
      expect(sent).toEqual(["#0:200", "#1:200", `#2:${id === ids[3] ? 429 : 503}`, "#2:200", "#3:200", "#4:200"]);
      const mine = rows.filter((r) => r.conversationId === id);
      expect(mine.map((r) => [r.status, r.attempts])).toEqual([
        ["accepted", 1],
        ["accepted", 1],
        ["accepted", 2],
        ["accepted", 1],
        ["accepted", 1],
      ]);
      expect(mine.every((r) => r.error === null && r.nextAttemptAt === null)).toBe(true);
    }
  });

  it("records a batch that fails once without sending anything twice", async () => {
    const db = await getDb();
    const ids = await newConversations(3);
    const [[slow], [flaky], [third]] = await Promise.all([queue(ids[0]!, ["slow"]), queue(ids[1]!, ["flaky"]), queue(ids[2]!, ["third"])]);
    // Recording `slow` takes a moment, so `flaky` and `third` pile up into one batch; recording `flaky` fails the first time.
    await db.execute(sql`CREATE SEQUENCE IF NOT EXISTS test_record_fail_once`);
    await db.execute(sql.raw(`CREATE OR REPLACE FUNCTION test_record_batch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.message_id = '${slow!.id}' THEN PERFORM pg_sleep(0.3); END IF;
      IF NEW.message_id = '${flaky!.id}' AND nextval('test_record_fail_once') = 1 THEN RAISE EXCEPTION 'database blip'; END IF;
      RETURN NEW; END $$`));
    await db.execute(sql`CREATE TRIGGER test_record_batch BEFORE INSERT ON message_status_event FOR EACH ROW EXECUTE FUNCTION test_record_batch()`);
    const warn = vi.spyOn(stageLog, "warn");
    try {
      const graph = provider(async ({ messageId }) => {
        // The others answer while `slow` is being recorded.
        if (messageId !== slow!.id) await new Promise((r) => setTimeout(r, 100));
        return { status: 200 };
      });
      const d = dispatcher({ fetch: graph.fetch });
      await Promise.all(ids.map((id) => d.kick(id)));
      const rows = await settled(ids);
      expect(graph.calls.map((c) => c.text).sort()).toEqual(["flaky", "slow", "third"]);
      for (const m of [slow!, flaky!, third!]) {
        expect(rows.find((r) => r.id === m.id)).toMatchObject({ status: "accepted", attempts: 1, providerMessageId: `wamid.${m.id}.${graph.calls.findIndex((c) => c.messageId === m.id)}` });
      }
      // The batch of two failed as a whole, then each was recorded on its own. (PGlite runs
      // pg_sleep on the event loop's thread, so what piles up meanwhile differs there.)
      if (process.env.DATABASE_URL) {
        expect(recordings).toEqual([[slow!.id], expect.arrayContaining([flaky!.id, third!.id]), [expect.any(String)], [expect.any(String)]]);
        expect(warn.mock.calls.some(([, line]) => String(line).includes("recording 2 accepted sends failed"))).toBe(true);
      }
    } finally {
      await db.execute(sql`DROP TRIGGER test_record_batch ON message_status_event`);
    }
  });

  it("refuses a free-form message outside the window inside a batch and goes on with the rest", async () => {
    const [lead] = await newConversations(1);
    const [closed] = await newConversations(1, false);
    const open = await newConversations(2);
    await queue(lead!, ["lead"]);
    await queue(closed!, ["too late", "template:hello_world", "also late"]);
    for (const id of open) await queue(id, [`open ${id.slice(0, 8)}`]);
    const graph = provider();
    const d = dispatcher({ fetch: graph.fetch });
    await Promise.all([lead!, closed!, ...open].map((id) => d.kick(id)));
    const rows = await settled([closed!, ...open]);
    // The closed conversation was claimed in one statement with the open ones.
    expect(claims[0]).toEqual([lead!, closed!, ...open]);
    const closedRows = rows.filter((r) => r.conversationId === closed);
    expect(closedRows.map((r) => [r.text, r.status, r.attempts, r.error?.code ?? null])).toEqual([
      ["too late", "failed", 1, "131047"],
      ["template hello_world", "accepted", 1, null],
      ["also late", "failed", 1, "131047"],
    ]);
    expect(closedRows[0]!.error).toMatchObject({ code: "131047", title: "24-hour window closed" });
    expect(rows.filter((r) => r.conversationId !== closed).every((r) => r.status === "accepted")).toBe(true);
    expect(graph.calls.map((c) => c.text).sort()).toEqual(["lead", "template:hello_world", ...open.map((id) => `open ${id.slice(0, 8)}`)].sort());
  });

  it("waits for sends in flight and their recording when the process drains (whenIdle)", async () => {
    const ids = await newConversations(3);
    for (const id of ids) await queue(id, ["slow answer"]);
    const graph = provider(async () => {
      await new Promise((r) => setTimeout(r, 150));
      return { status: 200 };
    });
    const d = dispatcher({ fetch: graph.fetch });
    for (const id of ids) void d.kick(id);
    await whenIdle();
    const rows = await rowsOf(ids);
    expect(rows.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted"]);
  });

  it("two dispatchers on one database send 200 messages across 20 conversations once each, in order", async () => {
    const ids = await newConversations(20);
    const textOf = (id: string, n: number) => `${id} ${String(n).padStart(2, "0")}`;
    // One provider journal for both instances; small random latency and 10 % retryable errors.
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const graph = provider(async () => {
      await new Promise((r) => setTimeout(r, Math.floor(random() * 6)));
      return random() < 0.1 ? { status: 500 } : { status: 200 };
    });
    const byInstance = { a: 0, b: 0 };
    const via = (name: "a" | "b"): typeof fetch => (input, init) => {
      byInstance[name]++;
      return graph.fetch(input, init);
    };
    const a = dispatcher({ fetch: via("a"), maxAttempts: 20 });
    const b = dispatcher({ fetch: via("b"), maxAttempts: 20 });
    // Ten rounds: each queues the next message of every conversation and kicks one instance or both.
    for (let n = 0; n < 10; n++) {
      for (const [i, id] of ids.entries()) {
        await queue(id, [textOf(id, n)]);
        if ((i + n) % 3 !== 1) void a.kick(id);
        if ((i + n) % 3 !== 0) void b.kick(id);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const rows = await settled(ids, 30_000);
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status === "accepted")).toBe(true);
    // Exactly one accepted send per message.
    const accepted = graph.accepted();
    expect(accepted).toHaveLength(200);
    expect(new Set(accepted.map((c) => c.messageId)).size).toBe(200);
    for (const id of ids) {
      // Per conversation, every call (failed attempts included) in the order the messages were written.
      const sent = graph.calls.filter((c) => c.text.startsWith(id)).map((c) => c.text);
      expect(sent).toEqual([...sent].sort());
      expect(accepted.filter((c) => c.text.startsWith(id)).map((c) => c.text)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => textOf(id, n)));
    }
    // Both instances did part of the work.
    expect(byInstance.a).toBeGreaterThan(0);
    expect(byInstance.b).toBeGreaterThan(0);
    expect(byInstance.a + byInstance.b).toBe(graph.calls.length);
    const db = await getDb();
    const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.status, "queued"));
    expect(Number(left!.n)).toBe(0);
  }, 60_000);

  it("sends a reply its transaction claimed as it stored it without a claim statement, and its conversation's next one after it", async () => {
    const db = await getDb();
    const [id] = await newConversations(1);
    const graph = provider();
    const d = dispatcher({ fetch: graph.fetch });
    const { insertOutboundTouching } = await import("@/db/queries/messages");
    const out = (text: string) => ({ conversationId: id!, channelId: channel.id, direction: "out" as const, senderKind: "bot" as const, type: "text", text, content: { type: "text", text }, status: "queued" as const });
    const claimedAt = Date.now();
    const { claimed } = await db.transaction((tx) => insertOutboundTouching(tx, [out("first"), out("second")], [{ conversationId: id!, preview: "second" }], 60_000));
    expect(claimed.map((c) => c.message.text)).toEqual(["first"]);
    d.adopt(claimed[0]!, claimedAt);
    const rows = await settled([id!]);
    expect(graph.calls.map((c) => c.text)).toEqual(["first", "second"]);
    expect(rows.map((r) => [r.text, r.status, r.attempts])).toEqual([
      ["first", "accepted", 1],
      ["second", "accepted", 1],
    ]);
    // `first` went without one; `second` was claimed once `first` was recorded (and the
    // conversation once more after `second`, finding nothing left).
    expect(claims).toEqual([[id!.toLowerCase()], [id!.toLowerCase()]]);
  });

  it("holds a reply claimed while the conversation's previous one is still in its hands until that one is done", async () => {
    const db = await getDb();
    const [id] = await newConversations(1);
    const [first, second] = await queue(id!, ["first", "second"]);
    let answerFirst!: () => void;
    const firstAnswered = new Promise<void>((r) => (answerFirst = r));
    let inFlight = 0;
    let most = 0;
    const graph = provider(async ({ messageId }) => {
      most = Math.max(most, ++inFlight);
      if (messageId === first!.id) await firstAnswered;
      inFlight--;
      return { status: 200 };
    });
    const d = dispatcher({ fetch: graph.fetch });
    void d.kick(id!);
    await vi.waitFor(() => expect(graph.calls).toHaveLength(1));
    // As if a transaction had claimed `second` as it stored it, committed while `first` is in flight here.
    const claimedAt = Date.now();
    const [raw] = await db
      .update(messages)
      .set({ attempts: 1, nextAttemptAt: sql`now() + interval '60 seconds'` })
      .where(eq(messages.id, second!.id))
      .returning();
    const [conversation] = await db.select().from(conversations).where(eq(conversations.id, id!));
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, conversation!.contactId));
    d.adopt({ message: raw!, waId: contact!.waId, windowExpiresAt: conversation!.windowExpiresAt }, claimedAt);
    await new Promise((r) => setTimeout(r, 50));
    expect(graph.calls).toHaveLength(1);
    answerFirst();
    const rows = await settled([id!]);
    expect(graph.calls.map((c) => c.text)).toEqual(["first", "second"]);
    expect(most).toBe(1);
    expect(rows.map((r) => [r.text, r.status, r.attempts])).toEqual([
      ["first", "accepted", 1],
      ["second", "accepted", 1],
    ]);
  });
});
