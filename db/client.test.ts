import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { testDb, unique } from "@/test/db";
import { openDb, reconnectBackoff } from "./client";
import { rowsOf } from "./queries/rows";
import { channels } from "./schema";

describe("reconnectBackoff", () => {
  it("grows from 25–50 ms and never waits more than a second, however long the outage", () => {
    expect(reconnectBackoff(0)).toBeGreaterThanOrEqual(0.025);
    expect(reconnectBackoff(0)).toBeLessThanOrEqual(0.05);
    for (const retries of [1, 3, 5, 8, 20, 100, 10_000]) {
      const s = reconnectBackoff(retries);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    // postgres.js's default would be 20 s (3^n / 100, capped) from the 7th failed connection on.
    expect(reconnectBackoff(7)).toBeGreaterThanOrEqual(0.5);
  });
});

describe.runIf(process.env.DATABASE_URL)("drizzle on postgres.js (preparedStatements)", () => {
  it("prepares each statement once per connection, in and out of transactions, instead of describing it before every run", async () => {
    const { url } = await testDb();
    const handle = await openDb({ url, poolSize: 1 });
    try {
      const name = unique("prepared");
      for (let i = 0; i < 3; i++) await handle.db.select({ id: channels.id }).from(channels).where(eq(channels.name, name));
      await handle.db.transaction(async (tx) => {
        await tx.select({ id: channels.id }).from(channels).where(eq(channels.phoneNumberId, name));
        await tx.transaction(async (inner) => {
          await inner.select({ id: channels.id }).from(channels).where(eq(channels.lastError, name));
        });
      });
      const statements = rowsOf<{ statement: string }>(await handle.db.execute(sql`SELECT statement FROM pg_prepared_statements`)).map((r) => r.statement);
      // One pool connection: every statement above ran on it, each prepared once.
      expect(statements.filter((s) => s.includes(`"channel"."name" = $1`))).toHaveLength(1);
      expect(statements.filter((s) => s.includes(`"channel"."phone_number_id" = $1`))).toHaveLength(1);
      expect(statements.filter((s) => s.includes(`"channel"."last_error" = $1`))).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
