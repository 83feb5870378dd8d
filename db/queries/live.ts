import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { messages } from "@/db/schema";
import { anyOf, rowsOf } from "./rows";

/** The last value the live feed's sequence handed out (0 before the first change). */
export async function currentLiveSeq(db: Queryable): Promise<number> {
  const result = await db.execute(sql`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS seq FROM live_seq`);
  return Number(rowsOf<{ seq: string | number }>(result)[0]?.seq ?? 0);
}

/**
 * Gives a message a new live-feed position without changing what it says — for a change
 * the row does not hold (a status that joined its history but did not move its tick).
 * The update trigger assigns the real value and NOTIFYs.
 */
export async function touchMessageLive(db: Queryable, id: string): Promise<void> {
  await db.update(messages).set({ changeSeq: sql`-${messages.changeSeq}` }).where(eq(messages.id, id));
}

/** `touchMessageLive` for several messages in one statement. */
export async function touchMessagesLive(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(messages).set({ changeSeq: sql`-${messages.changeSeq}` }).where(anyOf(messages.id, ids));
}
