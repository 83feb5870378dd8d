import { inArray, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { signInThrottle } from "@/db/schema";

export function readThrottle(db: Queryable, keys: string[]) {
  return db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
}

/**
 * Counts one failure for the key inside a rolling window and locks the key once it
 * reaches `max`, in one statement so concurrent attempts cannot slip past the count.
 */
export async function recordFailure(db: Queryable, key: string, max: number, windowMinutes: number) {
  const windowMs = windowMinutes * 60_000;
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1, windowStartedAt: new Date() })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`CASE WHEN ${signInThrottle.windowStartedAt} < now() - ${`${windowMs} milliseconds`}::interval THEN 1 ELSE ${signInThrottle.failures} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${signInThrottle.windowStartedAt} < now() - ${`${windowMs} milliseconds`}::interval THEN now() ELSE ${signInThrottle.windowStartedAt} END`,
      },
    })
    .returning();
  if (row && row.failures >= max) {
    await db
      .update(signInThrottle)
      .set({ lockedUntil: new Date(Date.now() + windowMs) })
      .where(inArray(signInThrottle.key, [key]));
  }
  return row;
}

export async function clearThrottle(db: Queryable, key: string) {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, [key]));
}
