import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb, unique } from "@/test/db";
import { insertMessages, type MessageRow, type NewMessageRow } from "./queries/messages";
import { claimConversationHeads, recordSendSuccesses } from "./queries/outbound";
import { channels, contacts, conversations, messages, messageStatusEvents } from "./schema";

/** The dispatcher's batch statements, on PostgreSQL (DATABASE_URL) and on PGlite (without it). */
describe(`outbound dispatch statements on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  async function setup(conversationCount: number) {
    const { db } = await testDb();
    const [channel] = await db.insert(channels).values({ provider: "meta", name: unique("ch"), config: {}, secrets: "x" }).returning();
    const list = [];
    for (let i = 0; i < conversationCount; i++) {
      const [contact] = await db.insert(contacts).values({ channelId: channel!.id, waId: unique("9") }).returning();
      const windowExpiresAt = i === 0 ? new Date(Date.now() + 3_600_000) : null;
      const [conversation] = await db.insert(conversations).values({ channelId: channel!.id, contactId: contact!.id, windowExpiresAt }).returning();
      list.push({ contact: contact!, conversation: conversation! });
    }
    const queue = async (conversationId: string, texts: string[], extra: Partial<NewMessageRow> = {}): Promise<MessageRow[]> =>
      insertMessages(
        db,
        texts.map((text) => ({ conversationId, channelId: channel!.id, direction: "out" as const, senderKind: "bot" as const, type: "text", text, content: { type: "text", text }, status: "queued" as const, ...extra })),
      );
    return { db, channel: channel!, list, queue };
  }

  it("claimConversationHeads claims the due head of each conversation in one statement, and only that", async () => {
    const { db, list, queue } = await setup(5);
    const [c0, c1, c2, c3, c4] = list.map((l) => l.conversation);
    const [a1, a2] = await queue(c0!.id, ["a1", "a2", "a3"]);
    // c1's head is in backoff: nothing of c1 is due, not even what is behind it.
    await queue(c1!.id, ["b1"], { nextAttemptAt: new Date(Date.now() + 60_000) });
    await queue(c1!.id, ["b2"]);
    // c2's first message went out already; its head is the second.
    await queue(c2!.id, ["c1"], { status: "accepted" });
    const [c2head] = await queue(c2!.id, ["c2"]);
    // c3's head was tried before and its backoff is over.
    const [d1] = await queue(c3!.id, ["d1"], { attempts: 2, nextAttemptAt: new Date(Date.now() - 1_000) });
    // c4 has nothing queued.

    const before = Date.now();
    const claimed = await claimConversationHeads(db, [c0!.id, c1!.id, c2!.id, c3!.id, c4!.id], 60_000);
    expect(claimed.map((c) => c.message.id).sort()).toEqual([a1!.id, c2head!.id, d1!.id].sort());
    const byId = new Map(claimed.map((c) => [c.message.id, c]));
    expect(byId.get(a1!.id)).toMatchObject({ waId: list[0]!.contact.waId, windowExpiresAt: list[0]!.conversation.windowExpiresAt });
    expect(byId.get(c2head!.id)).toMatchObject({ waId: list[2]!.contact.waId, windowExpiresAt: null });
    expect(byId.get(a1!.id)!.message.attempts).toBe(1);
    expect(byId.get(d1!.id)!.message.attempts).toBe(3);
    const lease = byId.get(a1!.id)!.message.nextAttemptAt!.getTime();
    expect(lease).toBeGreaterThan(before + 50_000);
    expect(lease).toBeLessThan(Date.now() + 70_000);
    // What it answers is what a select of the same rows answers (raw rows mapped like drizzle's).
    const selected = await db.select().from(messages).where(inArray(messages.id, claimed.map((c) => c.message.id)));
    for (const row of selected) expect(byId.get(row.id)!.message).toEqual(row);

    // Leased: claiming again finds nothing; once the head is done, the next one is the head.
    expect(await claimConversationHeads(db, [c0!.id, c2!.id, c3!.id], 60_000)).toEqual([]);
    await db.update(messages).set({ status: "accepted", nextAttemptAt: null }).where(eq(messages.id, a1!.id));
    const next = await claimConversationHeads(db, [c0!.id, c1!.id], 60_000);
    expect(next.map((c) => c.message.id)).toEqual([a2!.id]);
    expect(await claimConversationHeads(db, [], 60_000)).toEqual([]);
  });

  it("claimConversationHeads never claims a head twice when two claims race", async () => {
    const { db, list, queue } = await setup(12);
    for (const { conversation } of list) await queue(conversation.id, ["x", "y"]);
    const ids = list.map((l) => l.conversation.id);
    // Overlapping batches in different orders (two instances): each head goes to exactly one.
    // Another transaction holds the heads at first, so both claims wait on them, then race.
    let race: Promise<[Awaited<ReturnType<typeof claimConversationHeads>>, Awaited<ReturnType<typeof claimConversationHeads>>]> | undefined;
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT id FROM ${messages} WHERE conversation_id IN ${ids} AND text = 'x' FOR UPDATE`);
      race = Promise.all([claimConversationHeads(db, ids, 60_000), claimConversationHeads(db, [...ids].reverse(), 60_000)]);
      await new Promise((r) => setTimeout(r, 100));
    });
    const [a, b] = await race!;
    const got = [...a, ...b].map((c) => c.message.conversationId).sort();
    expect(got).toEqual([...ids].sort());
    expect([...a, ...b].every((c) => c.message.text === "x" && c.message.attempts === 1)).toBe(true);
  });

  it("recordSendSuccesses records several sends in one statement and adopts statuses that came first", async () => {
    const { db, channel, list, queue } = await setup(3);
    const [m0] = await queue(list[0]!.conversation.id, ["one"]);
    const [m1] = await queue(list[1]!.conversation.id, ["two"]);
    const [m2] = await queue(list[2]!.conversation.id, ["three"]);
    const claimed = await claimConversationHeads(db, list.map((l) => l.conversation.id), 60_000);
    expect(claimed).toHaveLength(3);
    // A stale error from an earlier attempt is cleared; a row a webhook already failed keeps its error.
    await db.update(messages).set({ error: { code: "http_503", title: "busy" } }).where(eq(messages.id, m0!.id));
    await db.update(messages).set({ status: "failed", error: { code: "131026", title: "Undeliverable" } }).where(eq(messages.id, m2!.id));
    // `delivered` for the second message arrived before its send was recorded.
    const pm = (n: number) => `wamid.${unique("rec")}.${n}`;
    const ids = [pm(0), pm(1), pm(2)];
    await db.insert(messageStatusEvents).values({ channelId: channel.id, messageId: null, providerMessageId: ids[1]!, status: "delivered", providerTimestamp: new Date() });

    const adopted = await db.transaction((tx) =>
      recordSendSuccesses(
        tx,
        [m0!, m1!, m2!].map((m, n) => ({ messageId: m.id, channelId: channel.id, providerMessageId: ids[n]! })),
      ),
    );
    expect(adopted).toEqual([m1!.id]);
    const rows = new Map((await db.select().from(messages).where(inArray(messages.id, [m0!.id, m1!.id, m2!.id]))).map((r) => [r.id, r]));
    expect(rows.get(m0!.id)).toMatchObject({ status: "accepted", providerMessageId: ids[0], error: null, nextAttemptAt: null, attempts: 1 });
    expect(rows.get(m1!.id)).toMatchObject({ status: "accepted", providerMessageId: ids[1], nextAttemptAt: null });
    expect(rows.get(m2!.id)).toMatchObject({ status: "failed", providerMessageId: ids[2], error: { code: "131026", title: "Undeliverable" }, nextAttemptAt: null });
    const events = await db
      .select({ messageId: messageStatusEvents.messageId, status: messageStatusEvents.status })
      .from(messageStatusEvents)
      .where(inArray(messageStatusEvents.providerMessageId, ids))
      .orderBy(messageStatusEvents.id);
    expect(events).toEqual(
      expect.arrayContaining([
        { messageId: m1!.id, status: "delivered" },
        { messageId: m0!.id, status: "accepted" },
        { messageId: m1!.id, status: "accepted" },
        { messageId: m2!.id, status: "accepted" },
      ]),
    );
    expect(events).toHaveLength(4);
    // Recording again (a retry after a lost COMMIT answer) changes nothing.
    const again = await db.transaction((tx) => recordSendSuccesses(tx, [{ messageId: m0!.id, channelId: channel.id, providerMessageId: ids[0]! }]));
    expect(again).toEqual([]);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(messageStatusEvents).where(inArray(messageStatusEvents.providerMessageId, ids));
    expect(Number(count!.n)).toBe(4);
    expect(await db.transaction((tx) => recordSendSuccesses(tx, []))).toEqual([]);
  });
});
