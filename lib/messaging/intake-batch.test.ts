import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import type { NewWebhookEvent } from "@/db/queries/webhook-events";
import { webhookEvents } from "@/db/schema";
import { IntakeBatcher } from "./intake-batch";

/** Concurrent webhook requests stored together: each gets exactly its own rows back, on PostgreSQL or PGlite. */
const row = (key: string, payload: Record<string, unknown> = { n: key }): NewWebhookEvent => ({
  provider: "meta",
  channelId: null,
  dedupeKey: `batch-test:${key}`,
  kind: "unknown",
  payload,
  state: "flagged",
  note: "test",
});

describe("IntakeBatcher", () => {
  it("stores 40 concurrent requests together, each answered with exactly its own rows", async () => {
    const db = await getDb();
    const batcher = new IntakeBatcher(1);
    const requests = Array.from({ length: 40 }, (_, i) => [row(`a${i}`), row(`b${i}`)]);
    const results = await Promise.all(requests.map((rows) => batcher.insert(db, rows)));
    results.forEach((inserted, i) => {
      expect(inserted.map((r) => r.dedupeKey).sort()).toEqual([`batch-test:a${i}`, `batch-test:b${i}`]);
    });
    const ids = results.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(80);
  });

  it("a redelivery racing its original is created once, for the first caller; a later one gets nothing", async () => {
    const db = await getDb();
    const batcher = new IntakeBatcher(1);
    const [first, second] = await Promise.all([batcher.insert(db, [row("dup")]), batcher.insert(db, [row("dup")])]);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    expect(await batcher.insert(db, [row("dup")])).toEqual([]);
  });

  it("a payload the database refuses fails only its own request", async () => {
    const db = await getDb();
    const batcher = new IntakeBatcher(1);
    // Keep the batcher busy so the next three are stored together.
    const busy = batcher.insert(db, [row("busy")]);
    const outcomes = await Promise.allSettled([
      batcher.insert(db, [row("ok1")]),
      // PostgreSQL's jsonb has no NUL character.
      batcher.insert(db, [row("bad", { text: "a\u0000b" })]),
      batcher.insert(db, [row("ok2")]),
    ]);
    await busy;
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const stored = await db
      .select({ key: webhookEvents.dedupeKey })
      .from(webhookEvents)
      .where(inArray(webhookEvents.dedupeKey, ["batch-test:ok1", "batch-test:ok2", "batch-test:bad"]));
    expect(stored.map((r) => r.key).sort()).toEqual(["batch-test:ok1", "batch-test:ok2"]);
  });
});
