import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { SESSION_STATUSES } from "./enums";

export const flows = pgTable("flow", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description"),
  /** The editable draft: a flow document (lib/flow), validated on every read and write. */
  draft: jsonb("draft").$type<Record<string, unknown>>().notNull(),
  /** Bumped on every draft save; a save naming an older revision is a conflict. */
  draftRevision: integer("draft_revision").notNull().default(1),
  publishedVersion: integer("published_version"),
  /** Channels this flow serves, and its place in their trigger order (lower first). */
  channelIds: jsonb("channel_ids").$type<string[]>().notNull().default([]),
  priority: integer("priority").notNull().default(100),
  isFallback: boolean("is_fallback").notNull().default(false),
  createdBy: text("created_by"),
  updatedBy: text("updated_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Immutable published versions; sessions stay pinned to the one they started on. */
export const flowVersions = pgTable(
  "flow_version",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    flowId: uuid("flow_id")
      .notNull()
      .references(() => flows.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    document: jsonb("document").$type<Record<string, unknown>>().notNull(),
    note: text("note"),
    publishedBy: text("published_by"),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("flow_version_uq").on(t.flowId, t.version)],
);

export const botSessions = pgTable(
  "bot_session",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    flowId: uuid("flow_id").notNull(),
    flowVersion: integer("flow_version").notNull(),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("active"),
    /** The engine's JSON session state (current block, what it waits for, variables). */
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    endReason: text("end_reason"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    // At most one active session per conversation, enforced by the database.
    uniqueIndex("bot_session_active_uq").on(t.conversationId).where(sql`${t.status} = 'active'`),
    index("bot_session_flow_idx").on(t.flowId, t.flowVersion),
  ],
);

/** The step log: every block a session walked, for the inbox path and the heat map. */
export const flowSteps = pgTable(
  "flow_step",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    sessionId: uuid("session_id").notNull(),
    conversationId: uuid("conversation_id").notNull(),
    flowId: uuid("flow_id").notNull(),
    flowVersion: integer("flow_version").notNull(),
    blockId: text("block_id").notNull(),
    output: text("output"),
    nextBlockId: text("next_block_id"),
    input: jsonb("input").$type<unknown>(),
    variablesChanged: jsonb("variables_changed").$type<Record<string, unknown>>(),
    error: text("error"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("flow_step_conversation_idx").on(t.conversationId, t.at),
    index("flow_step_flow_idx").on(t.flowId, t.flowVersion, t.at),
  ],
);

/** Durable timers (no-reply, inactivity, retries) that survive restarts and instances. */
export const scheduledJobs = pgTable(
  "scheduled_job",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    conversationId: uuid("conversation_id"),
    sessionId: uuid("session_id"),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("scheduled_job_due_idx").on(t.dueAt).where(sql`${t.doneAt} IS NULL`),
    // A customer's reply cancels the conversation's pending timers (cancelConversationTimers):
    // without it that UPDATE scanned every job ever scheduled — the costliest statement of
    // the closed-loop bench (1.75 ms each, growing with the table).
    index("scheduled_job_open_conversation_idx").on(t.conversationId, t.kind).where(sql`${t.doneAt} IS NULL`),
  ],
);
