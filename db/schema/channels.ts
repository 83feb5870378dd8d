import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { CHANNEL_PROVIDERS, CHANNEL_STATUSES } from "./enums";

export interface ChannelSettings {
  /** Messages per second allowed towards the provider (token bucket). */
  rateLimitPerSecond?: number;
  /** Global keywords: e.g. `menu` restarts the bot, `stop` opts the contact out. */
  keywords?: { restart?: string[]; optOut?: string[]; optIn?: string[] };
  /** Flow started when no published flow's trigger matches. */
  fallbackFlowId?: string | null;
}

/** A phone number on a provider. Secrets live encrypted in `secrets`, never in `config`. */
export const channels = pgTable(
  "channel",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider", { enum: CHANNEL_PROVIDERS }).notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: CHANNEL_STATUSES }).notNull().default("active"),
    /** Non-secret provider configuration (ids, numbers, API base URL…). */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** AES-256-GCM ciphertext of the secret fields (tokens, app secrets). */
    secrets: text("secrets"),
    /** Routing keys copied out of config so webhooks find their channel with an index. */
    phoneNumberId: text("phone_number_id"),
    businessNumber: text("business_number"),
    settings: jsonb("settings").$type<ChannelSettings>().notNull().default({}),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    lastError: text("last_error"),
    eventCount: integer("event_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("channel_phone_number_id_idx").on(t.phoneNumberId),
    index("channel_business_number_idx").on(t.businessNumber),
  ],
);
