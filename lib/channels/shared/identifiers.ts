import { z } from "zod";
import type { NormalizedEvent } from "../types";

/**
 * Identifiers end up in unique btree indexes (the webhook event's dedupe key, the
 * message's provider id, the contact's wa_id), whose entries PostgreSQL caps at 2704
 * bytes: a longer one failed the insert and the webhook was answered 503. Real ones are
 * short (a wamid about 60 characters, a Twilio SID 34, a BSUID under 100), so anything
 * past this is not a real id: the event is kept as unknown (stored raw, flagged, 200).
 */
export const MAX_ID_LENGTH = 256;

const id = z.string().max(MAX_ID_LENGTH);
const identifiers = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("message"), providerMessageId: id, from: id }),
  z.object({ kind: z.literal("status"), providerMessageId: id, providerStatus: id }),
  z.object({ kind: z.literal("unknown") }),
]);

/** The event, or an UnknownEvent saying which identifier is too long to be real. */
export function withStorableIds(event: NormalizedEvent): NormalizedEvent {
  const result = identifiers.safeParse(event);
  if (result.success) return event;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join(".")))].join(" and ");
  return { kind: "unknown", channelKey: event.channelKey, reason: `${event.kind} ${fields} longer than ${MAX_ID_LENGTH} characters`, raw: event.raw };
}
