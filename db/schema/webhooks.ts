import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { WEBHOOK_EVENT_KINDS, WEBHOOK_EVENT_STATES } from "./enums";

/**
 * One row per provider event, written before the webhook is answered. The unique dedupe
 * key makes redeliveries no-ops; `state` lets the sweeper finish what a crash interrupted.
 */
export const webhookEvents = pgTable(
  "webhook_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provider: text("provider").notNull(),
    /**
     * The channel the event was routed to, if any. No foreign key: every webhook's INSERT
     * (before the 200) would lock the channel's row for the check, concurrently with the
     * processing of earlier messages. Deleting a channel clears it explicitly
     * (db/queries/channels.ts `deleteChannelRow`).
     */
    channelId: uuid("channel_id"),
    dedupeKey: text("dedupe_key").notNull(),
    kind: text("kind", { enum: WEBHOOK_EVENT_KINDS }).notNull(),
    /** The normalized event, with the provider's raw object inside. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    state: text("state", { enum: WEBHOOK_EVENT_STATES }).notNull().default("pending"),
    /** Why an event is flagged (e.g. unknown business number). */
    note: text("note"),
    /**
     * For customer messages, the conversation lock's key (`conv:<channel>:<wa_id>`): whoever
     * holds that lock processes the contact's older open messages first, so several
     * instances keep a contact's messages in arrival order.
     */
    orderKey: text("order_key"),
    attempts: integer("attempts").notNull().default(0),
    /**
     * Lease: until this instant the instance that stored or claimed the event owns it and
     * the sweeper leaves it alone; afterwards a pending/processing event is fair game.
     */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_event_dedupe_uq").on(t.provider, t.dedupeKey),
    index("webhook_event_pending_idx").on(t.receivedAt).where(sql`${t.state} IN ('pending', 'processing')`),
    index("webhook_event_channel_idx").on(t.channelId, t.receivedAt),
    index("webhook_event_open_order_idx").on(t.orderKey, t.id).where(sql`${t.state} IN ('pending', 'processing') AND ${t.orderKey} IS NOT NULL`),
  ],
);
