/**
 * Enumerations shared by columns and zod schemas. Stored as text with a drizzle `enum`
 * hint (not a Postgres ENUM type) so adding a value never needs a blocking migration.
 */
export const CHANNEL_PROVIDERS = ["meta", "360dialog", "ycloud", "twilio", "sandbox"] as const;
export const CHANNEL_STATUSES = ["active", "disabled"] as const;
export const CONVERSATION_MODES = ["bot", "human", "closed"] as const;
export const MESSAGE_DIRECTIONS = ["in", "out"] as const;
/** Inbound rows are `received`; outbound rows move along queued → … → read, or failed. */
export const MESSAGE_STATUSES = ["received", "queued", "accepted", "sent", "delivered", "read", "failed"] as const;
export const SENDER_KINDS = ["customer", "bot", "agent", "system"] as const;
export const WEBHOOK_EVENT_KINDS = ["message", "status", "unknown"] as const;
export const WEBHOOK_EVENT_STATES = ["pending", "processing", "done", "failed", "flagged"] as const;
export const SESSION_STATUSES = ["active", "ended", "error"] as const;
export const ACTOR_KINDS = ["user", "token", "system"] as const;
