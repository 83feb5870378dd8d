import { sql } from "drizzle-orm";
import { bigint, pgSequence } from "drizzle-orm/pg-core";

/**
 * The live feed's clock. Every committed change the inbox shows (message, conversation,
 * contact) carries a `change_seq` from this sequence: the default on insert, a trigger
 * on update (migration `live_triggers`), which also NOTIFYs `tickflow_live`. SSE clients
 * resume from the last value they saw (lib/live).
 */
export const liveSeq = pgSequence("live_seq");

export const changeSeqColumn = () =>
  bigint("change_seq", { mode: "number" })
    .notNull()
    .default(sql`nextval('live_seq')`);
