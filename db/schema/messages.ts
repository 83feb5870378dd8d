import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { MESSAGE_DIRECTIONS, MESSAGE_STATUSES, SENDER_KINDS } from "./enums";
import { changeSeqColumn } from "./live";

export interface MessageError {
  code: string;
  title: string;
  message?: string;
  details?: string;
}

export const messages = pgTable(
  "message",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: rows written in one transaction share `created_at`, so order by this too. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /**
     * The conversation's channel, copied for the provider-id index. No foreign key of its
     * own: conversation → contact → channel already cascades, and the extra check locked
     * the channel's row once more per stored message (see bench/README).
     */
    channelId: uuid("channel_id").notNull(),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    senderKind: text("sender_kind", { enum: SENDER_KINDS }).notNull(),
    senderUserId: text("sender_user_id"),
    type: text("type").notNull(),
    /** What a person reads: body, caption, button title… */
    text: text("text"),
    /** Normalized content: inbound event fields, or the OutboundContent that was sent. */
    content: jsonb("content").$type<Record<string, unknown>>().notNull().default({}),
    providerMessageId: text("provider_message_id"),
    providerTimestamp: timestamp("provider_timestamp", { withTimezone: true }),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull(),
    error: jsonb("error").$type<MessageError | null>(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    readAt: timestamp("read_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    /** Outbound dispatch bookkeeping (retries with backoff, sweeper). */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** Which flow block produced a bot message, for the inbox's "open in builder" link. */
    flowId: uuid("flow_id"),
    flowVersion: integer("flow_version"),
    blockId: text("block_id"),
    sessionId: uuid("session_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Live feed position: set on insert, bumped by a trigger when what the inbox shows changes. */
    changeSeq: changeSeqColumn(),
  },
  (t) => [
    index("message_change_seq_idx").on(t.changeSeq),
    // Inbox search by message text (pg_trgm).
    index("message_text_trgm_idx").using("gin", t.text.op("gin_trgm_ops")),
    uniqueIndex("message_provider_id_uq")
      .on(t.channelId, t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    index("message_conversation_created_idx").on(t.conversationId, t.createdAt),
    index("message_dispatch_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    // The head of a conversation's outbound queue: sends go out strictly in this order.
    index("message_queued_conversation_idx").on(t.conversationId, t.seq).where(sql`${t.status} = 'queued'`),
  ],
);

/** Every status a provider reported, in arrival order; the inbox shows it on hover. */
export const messageStatusEvents = pgTable(
  "message_status_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /**
     * No foreign key: a status is stored as it arrives, and every recorded send stores
     * one, each locking the channel's row for the check. Deleting a channel deletes its
     * status events explicitly (db/queries/channels.ts `deleteChannelRow`); those of
     * known messages also go with the message.
     */
    channelId: uuid("channel_id").notNull(),
    /** Null until the message is known (a status can arrive before the send returns). */
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    providerMessageId: text("provider_message_id").notNull(),
    status: text("status").notNull(),
    providerTimestamp: timestamp("provider_timestamp", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    error: jsonb("error").$type<MessageError | null>(),
  },
  (t) => [
    uniqueIndex("status_event_uq").on(t.channelId, t.providerMessageId, t.status),
    index("status_event_message_idx").on(t.messageId),
  ],
);
