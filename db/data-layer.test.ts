import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb, unique } from "@/test/db";
import { LOCKS, withGlobalLock } from "./locks";
import { runMigrations } from "./migrate";
import { clearThrottle, readThrottle, recordFailure } from "./queries/throttle";
import { findActiveToken, insertToken, revokeToken, touchToken } from "./queries/tokens";
import { apiTokens, auditLog, users } from "./schema";
import { recordAudit } from "./queries/audit";

/** The data layer, run on PostgreSQL (DATABASE_URL) and on PGlite (without it). */
describe(`data layer on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("applies every migration, and applying again is a no-op", async () => {
    const h = await testDb();
    await runMigrations(h);
    const rows = await h.db.execute<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const names = (Array.isArray(rows) ? rows : (rows as { rows: { table_name: string }[] }).rows).map((r) => r.table_name);
    for (const t of ["user", "session", "account", "api_token", "channel", "contact", "conversation", "message", "message_status_event", "webhook_event", "flow", "flow_version", "bot_session", "flow_step", "scheduled_job", "audit_log"]) {
      expect(names).toContain(t);
    }
    // The first use starts the embedded database (WASM) and migrates it: slow on a busy machine.
  }, 90_000);

  it("stores API tokens by hash, finds live ones, revokes at once", async () => {
    const { db } = await testDb();
    const id = unique("u");
    await db.insert(users).values({ id, name: "T", email: `${id}@example.test`, role: "admin" });
    const hash = unique("hash");
    const [row] = await insertToken(db, { name: "ci", tokenHash: hash, prefix: "tf_abc", userId: id });
    expect((await findActiveToken(db, hash))?.user.id).toBe(id);
    await touchToken(db, row!.id);
    const [touched] = await db.select().from(apiTokens).where(sql`${apiTokens.id} = ${row!.id}`);
    expect(touched?.lastUsedAt).toBeInstanceOf(Date);
    expect(await revokeToken(db, row!.id)).not.toBeNull();
    expect(await findActiveToken(db, hash)).toBeNull();
    expect(await revokeToken(db, row!.id)).toBeNull();
  });

  it("counts sign-in failures in one statement and locks at the limit", async () => {
    const { db } = await testDb();
    const key = `acct:${unique()}`;
    for (let i = 0; i < 3; i++) await recordFailure(db, key, 3, 15);
    const [row] = await readThrottle(db, [key]);
    expect(row?.failures).toBe(3);
    expect(row?.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    await clearThrottle(db, key);
    expect(await readThrottle(db, [key])).toHaveLength(0);
  });

  it("serializes work under a global lock", async () => {
    const h = await testDb();
    const order: string[] = [];
    const task = (name: string) =>
      withGlobalLock(h, LOCKS.bootstrap, async () => {
        order.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name}:end`);
      });
    await Promise.all([task("a"), task("b")]);
    expect(order).toEqual(["a:start", "a:end", "b:start", "b:end"]);
  });

  it("writes the audit log", async () => {
    const { db } = await testDb();
    const target = unique("target");
    await recordAudit(db, { actorKind: "system", action: "test.done", targetType: "x", targetId: target, details: { n: 1 } });
    const rows = await db.select().from(auditLog).where(sql`${auditLog.targetId} = ${target}`);
    expect(rows[0]?.details).toEqual({ n: 1 });
  });
});

describe(`raw statements mapped like drizzle on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("insertOutboundTouching answers exactly what a select of the same rows answers, and moves the conversation", async () => {
    const { db } = await testDb();
    const { channels, contacts, conversations, messages } = await import("./schema");
    const { insertOutboundTouching } = await import("./queries/messages");
    const { eq, inArray } = await import("drizzle-orm");
    const [channel] = await db.insert(channels).values({ provider: "meta", name: unique("ch"), config: {}, secrets: "x" }).returning();
    const [contact] = await db.insert(contacts).values({ channelId: channel!.id, waId: unique("9") }).returning();
    const [conversation] = await db.insert(conversations).values({ channelId: channel!.id, contactId: contact!.id, lastMessagePreview: "before" }).returning();
    const { rows, claimed } = await db.transaction((tx) =>
      insertOutboundTouching(
        tx,
        [
          { conversationId: conversation!.id, channelId: channel!.id, direction: "out", senderKind: "bot", type: "text", text: "one", content: { type: "text", text: "one", nested: { a: [1, "ü"] } }, status: "queued", flowVersion: 3 },
          { conversationId: conversation!.id, channelId: channel!.id, direction: "out", senderKind: "bot", type: "text", text: "two", content: { type: "text", text: "two" }, status: "queued" },
        ],
        [{ conversationId: conversation!.id, preview: "two" }],
      ),
    );
    const selected = await db.select().from(messages).where(inArray(messages.id, rows.map((r) => r.id))).orderBy(messages.seq);
    expect(rows).toEqual(selected);
    expect(rows[0]!.createdAt).toBeInstanceOf(Date);
    expect(typeof rows[0]!.seq).toBe("number");
    const [after] = await db.select().from(conversations).where(eq(conversations.id, conversation!.id));
    expect(after!.lastMessagePreview).toBe("two");
    expect(claimed).toEqual([]);
    expect(rows.map((r) => [r.attempts, r.nextAttemptAt])).toEqual([[0, null], [0, null]]);
  });

  it("insertOutboundTouching with a lease claims each conversation's first queued row, unless something of it is queued already", async () => {
    const { db } = await testDb();
    const { channels, contacts, conversations, messages } = await import("./schema");
    const { insertOutboundTouching } = await import("./queries/messages");
    const { inArray } = await import("drizzle-orm");
    const [channel] = await db.insert(channels).values({ provider: "meta", name: unique("ch"), config: {}, secrets: "x" }).returning();
    const window = new Date("2026-11-22T10:00:00.000Z");
    const make = async () => {
      const [contact] = await db.insert(contacts).values({ channelId: channel!.id, waId: unique("9") }).returning();
      const [conversation] = await db.insert(conversations).values({ channelId: channel!.id, contactId: contact!.id, windowExpiresAt: window }).returning();
      return { contact: contact!, conversation: conversation! };
    };
    const [fresh, busy] = [await make(), await make()];
    const out = (conversationId: string, text: string) => ({ conversationId, channelId: channel!.id, direction: "out" as const, senderKind: "bot" as const, type: "text", text, content: { type: "text", text }, status: "queued" as const });
    // A reply already queued (in flight or in backoff) in `busy`: the new one waits behind it.
    await db.insert(messages).values(out(busy.conversation.id, "earlier"));
    const before = Date.now();
    const { rows, claimed } = await db.transaction((tx) =>
      insertOutboundTouching(
        tx,
        [
          { conversationId: fresh.conversation.id, channelId: channel!.id, direction: "in", senderKind: "system", type: "note", text: "note", content: { note: "note" }, status: "received" },
          out(fresh.conversation.id, "one"),
          out(busy.conversation.id, "after"),
          out(fresh.conversation.id, "two"),
        ],
        [fresh, busy].map((c) => ({ conversationId: c.conversation.id, preview: "x" })),
        60_000,
      ),
    );
    expect(rows.map((r) => [r.text, r.attempts, r.nextAttemptAt !== null])).toEqual([
      ["note", 0, false],
      ["one", 1, true],
      ["after", 0, false],
      ["two", 0, false],
    ]);
    const lease = rows[1]!.nextAttemptAt!.getTime() - before;
    expect(lease).toBeGreaterThan(59_000);
    expect(lease).toBeLessThan(70_000);
    expect(claimed).toEqual([{ message: rows[1], waId: fresh.contact.waId, windowExpiresAt: window }]);
    const selected = await db.select().from(messages).where(inArray(messages.id, rows.map((r) => r.id))).orderBy(messages.seq);
    expect(rows).toEqual(selected);
  });

  it("orderKeysWithOlderOpen answers the keys with an older event still open, and no others", async () => {
    const { db } = await testDb();
    const { webhookEvents } = await import("./schema");
    const { insertWebhookEvents, orderKeysWithOlderOpen } = await import("./queries/webhook-events");
    const { eq } = await import("drizzle-orm");
    const tag = unique("ok");
    const event = (orderKey: string, n: number) => ({ provider: "meta" as const, dedupeKey: `${tag}:${orderKey}:${n}`, kind: "message" as const, payload: {}, orderKey });
    const [olderA, olderDone, a, b, newerB, c] = await insertWebhookEvents(db, [
      event(`${tag}:a`, 0),
      event(`${tag}:c`, 0),
      event(`${tag}:a`, 1),
      event(`${tag}:b`, 1),
      event(`${tag}:b`, 2),
      event(`${tag}:c`, 1),
    ]);
    expect(olderA).toBeDefined();
    // c's older event is done already: nothing to go first.
    await db.update(webhookEvents).set({ state: "done" }).where(eq(webhookEvents.id, olderDone!.id));
    const keys = await orderKeysWithOlderOpen(db, [
      { orderKey: `${tag}:a`, id: a!.id },
      { orderKey: `${tag}:b`, id: b!.id },
      { orderKey: `${tag}:c`, id: c!.id },
      { orderKey: `${tag}:none`, id: c!.id },
    ]);
    expect([...keys]).toEqual([`${tag}:a`]);
    expect(newerB!.id).toBeGreaterThan(b!.id);
    expect(await orderKeysWithOlderOpen(db, [])).toEqual(new Set());
  });

  it("anyOf matches text with quotes, backslashes, commas and braces, ids and uuids, and nothing for no values", async () => {
    const { db } = await testDb();
    const { webhookEvents } = await import("./schema");
    const { anyOf } = await import("./queries/rows");
    const { insertWebhookEvents } = await import("./queries/webhook-events");
    const tag = unique("any");
    const odd = [`${tag}:"q"`, `${tag}:back\\slash`, `${tag}:a,b`, `${tag}:{x}`, `${tag}: space`, `${tag}:NULL`];
    const rows = await insertWebhookEvents(db, odd.map((dedupeKey) => ({ provider: "meta", dedupeKey, kind: "unknown" as const, payload: {} })));
    expect(rows).toHaveLength(odd.length);
    const byKey = await db.select().from(webhookEvents).where(anyOf(webhookEvents.dedupeKey, odd));
    expect(byKey.map((r) => r.dedupeKey).sort()).toEqual([...odd].sort());
    const byId = await db.select().from(webhookEvents).where(anyOf(webhookEvents.id, rows.slice(0, 2).map((r) => r.id)));
    expect(byId).toHaveLength(2);
    expect(await db.select().from(webhookEvents).where(anyOf(webhookEvents.id, []))).toEqual([]);
    expect(() => anyOf(webhookEvents.channelId, ["not-a-uuid"])).toThrow(/not a uuid/);
  });

  it("recordsetInsert keeps row order, fills defaults (also where only some rows set a column), stores jsonb and times as drizzle would", async () => {
    const { db } = await testDb();
    const { webhookEvents } = await import("./schema");
    const { insertWebhookEvents } = await import("./queries/webhook-events");
    const { recordsetInsert } = await import("./queries/rows");
    const { inArray } = await import("drizzle-orm");
    const tag = unique("rs");
    const lockedUntil = new Date("2026-11-21T10:00:00.123Z");
    const rows = Array.from({ length: 70 }, (_, n) => ({
      provider: "meta" as const,
      dedupeKey: `${tag}:${n}`,
      kind: "message" as const,
      payload: { n, text: n % 2 ? "ü ✓ \"quoted\"" : null, at: lockedUntil },
      orderKey: n % 3 ? `k${n}` : null,
      lockedUntil,
    }));
    const inserted = await insertWebhookEvents(db, rows);
    expect(inserted.map((r) => r.dedupeKey)).toEqual(rows.map((r) => r.dedupeKey));
    expect(inserted.every((r, n) => n === 0 || r.id > inserted[n - 1]!.id)).toBe(true);
    const stored = await db.select().from(webhookEvents).where(inArray(webhookEvents.dedupeKey, rows.map((r) => r.dedupeKey))).orderBy(webhookEvents.id);
    expect(stored[1]).toMatchObject({ state: "pending", attempts: 0, orderKey: "k1", lockedUntil, payload: { n: 1, text: "ü ✓ \"quoted\"", at: lockedUntil.toISOString() } });
    expect(stored[0]!.receivedAt).toBeInstanceOf(Date);
    // A redelivery in the same batch as a new one: only the new one is answered.
    const again = await insertWebhookEvents(db, [rows[0]!, { ...rows[0]!, dedupeKey: `${tag}:new` }]);
    expect(again.map((r) => r.dedupeKey)).toEqual([`${tag}:new`]);
    // A column with a default set by some rows only: the others get the default.
    const mixed = [
      { ...rows[0]!, dedupeKey: `${tag}:m1`, state: "flagged" as const, receivedAt: lockedUntil },
      { ...rows[1]!, dedupeKey: `${tag}:m2` },
    ];
    await db.execute(recordsetInsert(webhookEvents, mixed));
    const [m1, m2] = await db.select().from(webhookEvents).where(inArray(webhookEvents.dedupeKey, [`${tag}:m1`, `${tag}:m2`])).orderBy(webhookEvents.id);
    expect(m1).toMatchObject({ state: "flagged", receivedAt: lockedUntil });
    expect(m2).toMatchObject({ state: "pending" });
    expect(m2!.receivedAt.getTime()).toBeGreaterThan(lockedUntil.getTime());
  });
});

describe(`inbound upsert in one statement on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("upsertContactAndConversation creates, then updates, and answers what the tables hold", async () => {
    const { db } = await testDb();
    const { channels, contacts, conversations } = await import("./schema");
    const { upsertContactAndConversation } = await import("./queries/messages");
    const { eq } = await import("drizzle-orm");
    const [channel] = await db.insert(channels).values({ provider: "meta", name: unique("ch"), config: {}, secrets: "x" }).returning();
    const waId = unique("9");
    const window1 = new Date(Date.now() + 3_600_000);
    const first = await db.transaction((tx) => upsertContactAndConversation(tx, { channelId: channel!.id, waId, name: "Zoë", preview: "hi", windowExpiresAt: window1 }));
    expect(first.contact.inserted).toBe(true);
    expect(first.contact).toMatchObject({ waId, name: "Zoë", attributes: {}, optedOut: false });
    expect(first.conversation).toMatchObject({ contactId: first.contact.id, lastMessagePreview: "hi", unreadCount: 1, mode: "bot", windowExpiresAt: window1 });

    await db.update(conversations).set({ mode: "closed", needsHuman: true }).where(eq(conversations.id, first.conversation.id));
    const second = await db.transaction((tx) => upsertContactAndConversation(tx, { channelId: channel!.id, waId, name: null, preview: "again", windowExpiresAt: null }));
    expect(second.contact.inserted).toBe(false);
    expect(second.conversation.id).toBe(first.conversation.id);
    const [contactRow] = await db.select().from(contacts).where(eq(contacts.id, first.contact.id));
    const [conversationRow] = await db.select().from(conversations).where(eq(conversations.id, first.conversation.id));
    expect({ ...second.contact, inserted: undefined }).toEqual({ ...contactRow, inserted: undefined });
    expect(second.conversation).toEqual(conversationRow);
    // A closed conversation reopens with the bot; the name is kept; the window never shrinks.
    expect(second.conversation).toMatchObject({ mode: "bot", needsHuman: false, unreadCount: 2, lastMessagePreview: "again", windowExpiresAt: window1 });
    expect(second.contact.name).toBe("Zoë");
  });
});

describe(`deleting a channel on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("removes everything stored under it, clears its webhook events, and leaves other channels alone", async () => {
    const { db } = await testDb();
    const { channels, contacts, conversations, messages, messageStatusEvents, webhookEvents } = await import("./schema");
    const { deleteChannelRow } = await import("./queries/channels");
    const { eq, inArray } = await import("drizzle-orm");
    const seed = async () => {
      const [channel] = await db.insert(channels).values({ provider: "meta", name: unique("ch"), config: {}, secrets: "x" }).returning();
      const [contact] = await db.insert(contacts).values({ channelId: channel!.id, waId: unique("9") }).returning();
      const [conversation] = await db.insert(conversations).values({ channelId: channel!.id, contactId: contact!.id }).returning();
      const [message] = await db
        .insert(messages)
        .values({ conversationId: conversation!.id, channelId: channel!.id, direction: "out", senderKind: "bot", type: "text", text: "hi", status: "accepted", providerMessageId: unique("wamid") })
        .returning();
      // One status of a known message, one that arrived before its send was recorded.
      await db.insert(messageStatusEvents).values([
        { channelId: channel!.id, messageId: message!.id, providerMessageId: message!.providerMessageId!, status: "sent" },
        { channelId: channel!.id, messageId: null, providerMessageId: unique("wamid"), status: "delivered" },
      ]);
      const [event] = await db.insert(webhookEvents).values({ provider: "meta", channelId: channel!.id, dedupeKey: unique("k"), kind: "message", payload: {}, state: "done" }).returning();
      return { channel: channel!, contact: contact!, conversation: conversation!, message: message!, event: event! };
    };
    const gone = await seed();
    const kept = await seed();

    expect(await deleteChannelRow(db, gone.channel.id)).toBe(true);
    expect(await deleteChannelRow(db, gone.channel.id)).toBe(false);

    const ids = [gone.channel.id, kept.channel.id];
    expect((await db.select().from(channels).where(inArray(channels.id, ids))).map((r) => r.id)).toEqual([kept.channel.id]);
    expect((await db.select().from(contacts).where(inArray(contacts.channelId, ids))).map((r) => r.id)).toEqual([kept.contact.id]);
    expect((await db.select().from(conversations).where(inArray(conversations.channelId, ids))).map((r) => r.id)).toEqual([kept.conversation.id]);
    expect((await db.select().from(messages).where(inArray(messages.channelId, ids))).map((r) => r.id)).toEqual([kept.message.id]);
    const statuses = await db.select().from(messageStatusEvents).where(inArray(messageStatusEvents.channelId, ids));
    expect(statuses.map((s) => s.channelId)).toEqual([kept.channel.id, kept.channel.id]);
    // The webhook event stays, as history, with its channel cleared.
    const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, gone.event.id));
    expect(event).toMatchObject({ channelId: null, state: "done" });
    const [other] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, kept.event.id));
    expect(other!.channelId).toBe(kept.channel.id);
  });
});
