import type { ParseOptions } from "../adapter";
import { describeError } from "../error-catalog";
import { BadPayloadError } from "../errors";
import { withStorableIds } from "../shared/identifiers";
import { asNumber, asText, compact, storableJson, tryParseJson } from "../shared/json";
import { toDigits } from "../shared/phone";
import type { ChannelKey, DeliveryStatus, InboundMessage, InboundType, NormalizedEvent, ParsedWebhook, StatusUpdate } from "../types";
import { formRecord, parseForm } from "./form";

type Form = Record<string, string>;

/**
 * Twilio posts one form per message: an incoming message, or a status callback for one
 * we sent. Twilio sends no event time, so `timestamp` is the time we received it.
 */
export function parseTwilioWebhook(raw: string, contentType: string | null, options: ParseOptions = {}): ParsedWebhook {
  const now = options.now ?? new Date();
  const trimmed = raw.trim();
  if (/json/i.test(contentType ?? "") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const parsed = tryParseJson(raw);
    if (!parsed.ok) throw new BadPayloadError("Body is neither form data nor JSON");
    return single({ kind: "unknown", channelKey: {}, reason: "JSON-bodied Twilio callbacks are not supported", raw: storableJson(parsed.value) });
  }
  const pairs = parseForm(raw);
  if (pairs.length === 0) throw new BadPayloadError("Body is not form data");
  const form = formRecord(pairs);
  return single(withStorableIds(twilioFormToEvent(form, now)));
}

export function twilioFormToEvent(form: Form, now: Date): NormalizedEvent {
  const sid = text(form.MessageSid) ?? text(form.SmsMessageSid) ?? text(form.SmsSid);
  const messageStatus = statusOf(form);
  const channelKey = twilioRoutingKey(form, messageStatus !== undefined);
  if (!sid) return { kind: "unknown", channelKey, reason: "form without MessageSid", raw: form };
  return messageStatus ? statusEvent(form, sid, messageStatus, channelKey, now) : inboundEvent(form, sid, channelKey, now);
}

/** A status callback carries MessageStatus; an incoming message has SmsStatus=received and none. */
function statusOf(form: Form): string | undefined {
  const status = text(form.MessageStatus);
  if (!status || status === "received" || status === "receiving" || form.SmsStatus === "received") return undefined;
  return status;
}

const STATUS_MAP: Record<string, DeliveryStatus> = {
  queued: "accepted",
  accepted: "accepted",
  scheduled: "accepted",
  sending: "accepted",
  sent: "sent",
  delivered: "delivered",
  read: "read",
  failed: "failed",
  undelivered: "failed",
  canceled: "failed",
};

function statusEvent(form: Form, sid: string, providerStatus: string, channelKey: ChannelKey, now: Date): StatusUpdate {
  // Own keys only: "constructor" or "toString" must not find Object.prototype's members.
  const status = Object.hasOwn(STATUS_MAP, providerStatus) ? STATUS_MAP[providerStatus]! : "unknown";
  const code = text(form.ErrorCode) ?? (providerStatus === "canceled" ? "canceled" : undefined);
  const message = text(form.ErrorMessage);
  const to = text(form.To);
  return compact<StatusUpdate>({
    kind: "status",
    channelKey,
    providerMessageId: sid,
    status,
    providerStatus,
    timestamp: now,
    recipient: to ? toDigits(to) : undefined,
    error: code ? compact({ code, title: message ?? describeError(code).title, message }) : undefined,
    raw: form,
  });
}

const MESSAGE_TYPES = new Set<string>(["text", "image", "audio", "video", "document", "sticker", "location", "contacts", "interactive", "button", "reaction", "order"]);

function inboundEvent(form: Form, sid: string, channelKey: ChannelKey, now: Date): NormalizedEvent {
  const from = text(form.WaId) ?? (toDigits(form.From ?? "") || undefined);
  if (!from) return { kind: "unknown", channelKey, reason: "message without sender", raw: form };

  const body = text(form.Body);
  const numMedia = asNumber(form.NumMedia) ?? 0;
  const latitude = asNumber(form.Latitude);
  const longitude = asNumber(form.Longitude);
  const type = inboundType(form, numMedia, latitude !== undefined && longitude !== undefined);
  const mediaUrl = text(form.MediaUrl0);
  const mimeType = text(form.MediaContentType0);

  return compact<InboundMessage>({
    kind: "message",
    channelKey,
    providerMessageId: sid,
    from,
    contactName: text(form.ProfileName),
    timestamp: now,
    type,
    text: body,
    interactive: readReply(form, body),
    media: numMedia > 0 && mediaUrl ? compact({ url: mediaUrl, mimeType, caption: body }) : undefined,
    location: latitude !== undefined && longitude !== undefined ? compact({ latitude, longitude, name: text(form.Label), address: text(form.Address) }) : undefined,
    referral: readReferral(form),
    context: readContext(form),
    raw: form,
  });
}

function inboundType(form: Form, numMedia: number, hasLocation: boolean): InboundType {
  const declared = text(form.MessageType);
  if (declared && MESSAGE_TYPES.has(declared)) return declared as InboundType;
  // Older payloads have no MessageType: infer from the fields present.
  if (text(form.ButtonPayload)) return "button";
  if (text(form.ListId)) return "interactive";
  if (hasLocation) return "location";
  if (numMedia > 0) {
    const mime = text(form.MediaContentType0) ?? "";
    if (mime.startsWith("image/")) return mime === "image/webp" ? "sticker" : "image";
    if (mime.startsWith("video/")) return "video";
    if (mime.startsWith("audio/")) return "audio";
    return "document";
  }
  if (declared) return "unknown";
  return "text";
}

/**
 * A ButtonPayload only comes from a Content API template we sent (Tickflow renders
 * in-session buttons as numbered text on Twilio), hence `template_button`. List-picker
 * field names are unconfirmed; ListId/ListTitle are read if present.
 */
function readReply(form: Form, body: string | undefined): InboundMessage["interactive"] {
  const payload = text(form.ButtonPayload);
  if (payload) return { kind: "template_button", id: payload, title: text(form.ButtonText) ?? body ?? payload };
  const listId = text(form.ListId);
  if (listId) return { kind: "list_reply", id: listId, title: text(form.ListTitle) ?? body ?? listId };
  return undefined;
}

function readContext(form: Form): InboundMessage["context"] {
  const sender = text(form.OriginalRepliedMessageSender);
  const out = compact({
    messageId: text(form.OriginalRepliedMessageSid),
    from: sender ? toDigits(sender) : undefined,
    forwarded: form.Forwarded === "true" ? true : undefined,
    frequentlyForwarded: form.FrequentlyForwarded === "true" ? true : undefined,
  });
  return Object.keys(out).length ? out : undefined;
}

function readReferral(form: Form): InboundMessage["referral"] {
  const out = compact({
    sourceUrl: text(form.ReferralSourceUrl),
    sourceId: text(form.ReferralSourceId),
    sourceType: text(form.ReferralSourceType),
    headline: text(form.ReferralHeadline),
    body: text(form.ReferralBody),
    mediaType: text(form.ReferralMediaContentType),
    imageUrl: text(form.ReferralMediaUrl),
    ctwaClid: text(form.ReferralCtwaClid),
  });
  return Object.keys(out).length ? out : undefined;
}

/** Inbound: our number is `To`; status callback: `From`. */
export function twilioRoutingKey(form: Form, isStatus: boolean): ChannelKey {
  const own = isStatus ? text(form.From) : text(form.To);
  const digits = own ? toDigits(own) : "";
  return compact({ businessNumber: digits || undefined, accountSid: text(form.AccountSid) });
}

export function twilioRoutingKeys(raw: string): ChannelKey[] {
  try {
    const form = formRecord(parseForm(raw));
    const key = twilioRoutingKey(form, statusOf(form) !== undefined);
    return key.businessNumber || key.accountSid ? [key] : [];
  } catch {
    return [];
  }
}

function text(value: string | undefined): string | undefined {
  return asText(value);
}

function single(event: NormalizedEvent): ParsedWebhook {
  return { routing: event.channelKey, events: [event] };
}
