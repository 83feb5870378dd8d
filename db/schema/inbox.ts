import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Saved answers agents insert in the composer (typed as "/shortcut"). */
export const quickReplies = pgTable(
  "quick_reply",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shortcut: text("shortcut").notNull(),
    text: text("text").notNull(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quick_reply_shortcut_uq").on(t.shortcut)],
);
