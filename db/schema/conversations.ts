import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { channels } from "./channels";
import { CONVERSATION_MODES } from "./enums";
import { changeSeqColumn } from "./live";

export const contacts = pgTable(
  "contact",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    /** WhatsApp id: digits without "+" (or a business-scoped user id). */
    waId: text("wa_id").notNull(),
    name: text("name"),
    /** Attributes the bot saved; they persist across sessions. */
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    optedOut: boolean("opted_out").notNull().default(false),
    optedOutAt: timestamp("opted_out_at", { withTimezone: true }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Live feed position: bumped by a trigger when name, attributes or opt-out change. */
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    uniqueIndex("contact_channel_wa_id_uq").on(t.channelId, t.waId),
    index("contact_change_seq_idx").on(t.changeSeq),
    // Inbox search by name and number (pg_trgm: substring ILIKE uses the index).
    index("contact_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    index("contact_wa_id_trgm_idx").using("gin", t.waId.op("gin_trgm_ops")),
  ],
);

/** One conversation per contact and channel, reopened when the customer writes again. */
export const conversations = pgTable(
  "conversation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /**
     * The contact's channel, copied for the inbox's indexes. No foreign key of its own:
     * the contact's (contact → channel, both cascading) already ties the row to the
     * channel, and a second key re-checked the channel on every update of a conversation
     * the same transaction had written (a hot row under load; see bench/README).
     */
    channelId: uuid("channel_id").notNull(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    mode: text("mode", { enum: CONVERSATION_MODES }).notNull().default("bot"),
    /** Set by the Handoff block: the conversation waits in the agents' queue. */
    needsHuman: boolean("needs_human").notNull().default(false),
    assignedUserId: text("assigned_user_id"),
    unreadCount: integer("unread_count").notNull().default(0),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    lastMessagePreview: text("last_message_preview"),
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    /** Customer-service window: free-form messages allowed until this instant. */
    windowExpiresAt: timestamp("window_expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Live feed position: set on insert, bumped by a trigger on every relevant update. */
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    uniqueIndex("conversation_channel_contact_uq").on(t.channelId, t.contactId),
    index("conversation_last_message_idx").on(sql`${t.lastMessageAt} DESC NULLS LAST`, t.id),
    index("conversation_change_seq_idx").on(t.changeSeq),
    // The inbox filters "needs human" and "mine", newest activity first.
    index("conversation_needs_human_idx").on(sql`${t.lastMessageAt} DESC NULLS LAST`, t.id).where(sql`${t.needsHuman}`),
    index("conversation_assigned_idx").on(t.assignedUserId, sql`${t.lastMessageAt} DESC NULLS LAST`, t.id),
  ],
);
