import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb, unique } from "@/test/db";
import { botSessions, channels, contacts, conversations, scheduledJobs } from "../schema";
import { rowsOf, pipelined } from "./rows";
import { cancelTimersOfConversations, insertJobs, insertSession, insertSteps, updateSessions } from "./sessions";

/**
 * `pipelined` sends a transaction's statements together; it is only right if the server
 * runs them in the order given. These pairs fail when run the other way round.
 */
describe(`pipelined statements on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  async function conversation() {
    const { db } = await testDb();
    const [channel] = await db.insert(channels).values({ provider: "meta", name: unique("ch"), config: {}, secrets: "x" }).returning();
    const [contact] = await db.insert(contacts).values({ channelId: channel!.id, waId: unique("9") }).returning();
    const [conv] = await db.insert(conversations).values({ channelId: channel!.id, contactId: contact!.id }).returning();
    return { db, conversationId: conv!.id };
  }

  it("ends a session and starts its successor in one round trip (one active session per conversation holds)", async () => {
    const { db, conversationId } = await conversation();
    const old = randomUUID();
    await insertSession(db, { id: old, conversationId, flowId: randomUUID(), flowVersion: 1, state: {} });
    const next = randomUUID();
    await db.transaction(async (tx) => {
      // Reversed, the insert would hit bot_session_active_uq.
      await pipelined(
        updateSessions(tx, [{ id: old, status: "ended", endReason: "done", endedAt: new Date() }]),
        insertSession(tx, { id: next, conversationId, flowId: randomUUID(), flowVersion: 2, state: {} }),
        insertSteps(tx, []),
      );
    });
    const rows = await db.select({ id: botSessions.id, status: botSessions.status }).from(botSessions).where(eq(botSessions.conversationId, conversationId));
    expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(new Map([[old, "ended"], [next, "active"]]));
  });

  it("cancels the stored timers, then stores the new one: the new timer stays pending", async () => {
    const { db, conversationId } = await conversation();
    const [stale] = await insertJobs(db, [{ kind: "flow_timer", dueAt: new Date(Date.now() + 60_000), conversationId }]);
    const fresh = randomUUID();
    const answers = await db.transaction(async (tx) =>
      pipelined(
        cancelTimersOfConversations(tx, [conversationId]),
        insertJobs(tx, [{ id: fresh, kind: "flow_timer", dueAt: new Date(Date.now() + 60_000), conversationId }]),
        tx.execute(sql`SELECT count(*)::int AS n FROM ${scheduledJobs} WHERE ${scheduledJobs.conversationId} = ${conversationId} AND ${scheduledJobs.doneAt} IS NULL`),
      ),
    );
    expect(answers[1].map((j) => j.id)).toEqual([fresh]);
    expect(rowsOf<{ n: number }>(answers[2])[0]!.n).toBe(1);
    const pending = await db.select({ id: scheduledJobs.id }).from(scheduledJobs).where(and(eq(scheduledJobs.conversationId, conversationId), isNull(scheduledJobs.doneAt)));
    expect(pending.map((p) => p.id)).toEqual([fresh]);
    expect(stale!.id).not.toBe(fresh);
  });

  it("a failing statement rolls the transaction back, statements before it included", async () => {
    const { db, conversationId } = await conversation();
    const id = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await pipelined(
          insertSession(tx, { id, conversationId, flowId: randomUUID(), flowVersion: 1, state: {} }),
          tx.execute(sql`SELECT 1 / 0`),
          insertJobs(tx, [{ kind: "flow_timer", dueAt: new Date(), conversationId }]),
        );
      }),
    ).rejects.toThrow();
    expect(await db.select().from(botSessions).where(eq(botSessions.id, id))).toEqual([]);
    expect(await db.select().from(scheduledJobs).where(eq(scheduledJobs.conversationId, conversationId))).toEqual([]);
  });
});
