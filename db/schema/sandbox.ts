import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { channels } from "./channels";
import { MESSAGE_DIRECTIONS } from "./enums";

/** What the simulated phone has seen, per app instance agreed through the database. */
export const SANDBOX_PHONE_STATUSES = ["accepted", "sent", "delivered", "read", "failed"] as const;

/**
 * The sandbox's simulated phones: messages a customer sent from the simulator (`in`) and
 * the bot's messages the mock Graph API received (`out`), with what the phone reported.
 */
export const sandboxMessages = pgTable(
  "sandbox_message",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    /** The customer's number on the simulated phone. */
    waId: text("wa_id").notNull(),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    wamid: text("wamid").notNull(),
    type: text("type").notNull(),
    text: text("text"),
    /** The Cloud API message object as sent or received. */
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: SANDBOX_PHONE_STATUSES }).notNull(),
    error: jsonb("error").$type<{ code: string; title: string } | null>(),
    /** biz_opaque_callback_data of the send, echoed on every status like Meta does. */
    callbackData: text("callback_data"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sandbox_message_wamid_uq").on(t.wamid), index("sandbox_message_phone_idx").on(t.channelId, t.waId, t.createdAt)],
);
