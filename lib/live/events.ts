import type { ConversationView } from "@/lib/messaging/conversations";
import type { MessageView } from "@/lib/messaging/views";

/** The NOTIFY channel the database triggers post to (migration `live_triggers`). */
export const LIVE_CHANNEL = "tickflow_live";

/**
 * Sequence values are taken before commit, so a transaction can commit a lower value
 * after a higher one was seen. Catch-up reads this far back and lets the client's
 * replace-by-id make the repeats harmless.
 */
export const GAP = 2_000;

/** More changes than this since a client's last event: it reloads instead of replaying. */
export const CATCH_UP_LIMIT = 1_000;

/** What a trigger posts: which row changed, and its new change_seq. */
export interface LiveNotification {
  seq: number;
  kind: "message" | "conversation" | "contact";
  id: string;
  conversationId?: string | null;
}

export type LiveEvent =
  | { kind: "conversation"; seq: number; id: string; conversationId: string; data: ConversationView }
  | { kind: "message"; seq: number; id: string; conversationId: string; data: MessageView };

export function parseNotification(payload: string): LiveNotification | null {
  try {
    const value = JSON.parse(payload) as Partial<LiveNotification>;
    if (typeof value.id !== "string" || typeof value.seq !== "number") return null;
    if (value.kind !== "message" && value.kind !== "conversation" && value.kind !== "contact") return null;
    return value as LiveNotification;
  } catch {
    return null;
  }
}

export const eventKey = (e: Pick<LiveEvent, "kind" | "id">) => `${e.kind}:${e.id}`;

/** One Server-Sent Event. JSON never contains a raw newline, so `data` is one line. */
export function sseEvent(event: string, id: number | null, data: unknown): string {
  return `${id !== null ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
