import type { ParseOptions } from "../adapter";
import { BadPayloadError } from "../errors";
import { withStorableIds } from "../shared/identifiers";
import { toDigits } from "../shared/phone";
import { asArray, asObject, asString, asText, compact, storableJson, tryParseJson, type JsonObject } from "../shared/json";
import { fromUnixSeconds } from "../shared/time";
import type { ChannelKey, NormalizedEvent, ParsedWebhook } from "../types";
import { waMessageToEvent } from "./inbound-message";
import { waStatusToEvent } from "./status-update";

/**
 * The Cloud API envelope, shared by Meta, 360dialog and the sandbox:
 * object → entry[] → changes[] → value.{metadata, contacts[], messages[] | statuses[]}.
 * Every array is walked; a payload may batch several numbers.
 */
export function parseMetaWebhook(raw: string, _contentType: string | null, options: ParseOptions = {}): ParsedWebhook {
  const parsed = tryParseJson(raw);
  if (!parsed.ok) throw new BadPayloadError("Body is not JSON");
  return metaPayloadToEvents(storableJson(parsed.value), options.now ?? new Date());
}

export function metaPayloadToEvents(payload: unknown, now: Date): ParsedWebhook {
  const root = asObject(payload);
  const entries = root?.entry;
  if (!root || !Array.isArray(entries)) return single({ kind: "unknown", channelKey: {}, reason: "not a WhatsApp Business Account payload", raw: payload });

  const events: NormalizedEvent[] = [];
  for (const rawEntry of entries) {
    const entry = asObject(rawEntry);
    if (!entry || !Array.isArray(entry.changes)) {
      events.push({ kind: "unknown", channelKey: {}, reason: "entry without changes", raw: rawEntry });
      continue;
    }
    for (const rawChange of entry.changes) events.push(...changeToEvents(rawChange, now));
  }
  if (events.length === 0) return single({ kind: "unknown", channelKey: {}, reason: "payload without events", raw: payload });
  const storable = events.map(withStorableIds);
  return { routing: storable[0]?.channelKey ?? {}, events: storable };
}

function changeToEvents(rawChange: unknown, now: Date): NormalizedEvent[] {
  const change = asObject(rawChange);
  const value = asObject(change?.value);
  const channelKey = readChannelKey(value);
  const field = asString(change?.field);
  // Template status, account, quality, calls…: same envelope, not ours to interpret (yet).
  if (!change || !value || field !== "messages") {
    return [{ kind: "unknown", channelKey, reason: `unsupported field: ${field ?? "(none)"}`, raw: rawChange }];
  }

  const contacts = asArray(value.contacts).map(asObject).filter((c): c is JsonObject => c !== undefined);
  const events: NormalizedEvent[] = [];
  for (const rawMessage of asArray(value.messages)) {
    const msg = asObject(rawMessage);
    if (!msg) {
      events.push({ kind: "unknown", channelKey, reason: "message is not an object", raw: rawMessage });
      continue;
    }
    const from = asText(msg.from);
    const fromUserId = asText(msg.from_user_id);
    events.push(
      waMessageToEvent(msg, {
        channelKey,
        providerMessageId: asText(msg.id),
        from: from ?? fromUserId,
        fromUserId,
        contactName: contactNameFor(contacts, from, fromUserId),
        timestamp: fromUnixSeconds(msg.timestamp),
        now,
      }),
    );
  }
  for (const rawStatus of asArray(value.statuses)) {
    const status = asObject(rawStatus);
    events.push(status ? waStatusToEvent(status, channelKey, now) : { kind: "unknown", channelKey, reason: "status is not an object", raw: rawStatus });
  }
  if (events.length === 0) events.push({ kind: "unknown", channelKey, reason: "change without messages or statuses", raw: rawChange });
  return events;
}

function contactNameFor(contacts: JsonObject[], from: string | undefined, userId: string | undefined): string | undefined {
  const match =
    contacts.find((c) => from !== undefined && asString(c.wa_id) === from) ??
    contacts.find((c) => userId !== undefined && asString(c.user_id) === userId) ??
    // Single-sender batches sometimes omit wa_id on the contact.
    (contacts.length === 1 ? contacts[0] : undefined);
  return asText(asObject(match?.profile)?.name);
}

function readChannelKey(value: JsonObject | undefined): ChannelKey {
  const metadata = asObject(value?.metadata);
  if (!metadata) return {};
  const display = asText(metadata.display_phone_number);
  return compact({
    phoneNumberId: asText(metadata.phone_number_id),
    displayPhoneNumber: display,
    businessNumber: display ? toDigits(display) || undefined : undefined,
  });
}

/** Routing before verification: just the metadata of every change, deduplicated. Never throws. */
export function metaRoutingKeys(raw: string): ChannelKey[] {
  const parsed = tryParseJson(raw);
  if (!parsed.ok) return [];
  const keys = new Map<string, ChannelKey>();
  for (const entry of asArray(asObject(parsed.value)?.entry)) {
    for (const change of asArray(asObject(entry)?.changes)) {
      const key = readChannelKey(asObject(asObject(change)?.value));
      if (key.phoneNumberId || key.businessNumber) keys.set(`${key.phoneNumberId}|${key.businessNumber}`, key);
    }
  }
  return [...keys.values()];
}

function single(event: NormalizedEvent): ParsedWebhook {
  return { routing: event.channelKey, events: [event] };
}
