import { createHash } from "node:crypto";
import type { NormalizedEvent } from "./types";

/**
 * The idempotency key of an event, unique within a channel: the intake stores events
 * with a unique (channel, key) so a redelivered webhook is a no-op. Statuses key on
 * (message, status) because each status of a message is its own event.
 */
export function dedupeKey(event: NormalizedEvent): string {
  switch (event.kind) {
    case "message":
      return `msg:${event.providerMessageId}`;
    case "status":
      return `st:${event.providerMessageId}:${event.status === "unknown" ? `unknown:${event.providerStatus}` : event.status}`;
    case "unknown":
      return `unk:${createHash("sha256").update(JSON.stringify(event.raw ?? null)).digest("hex")}`;
  }
}
