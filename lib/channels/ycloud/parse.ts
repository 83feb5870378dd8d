import type { ParseOptions } from "../adapter";
import { BadPayloadError } from "../errors";
import { describeError } from "../error-catalog";
import { waMessageToEvent } from "../meta/inbound-message";
import { toDeliveryStatus } from "../meta/status-update";
import { withStorableIds } from "../shared/identifiers";
import { asNumber, asObject, asString, asText, compact, storableJson, tryParseJson, type JsonObject } from "../shared/json";
import { toDigits } from "../shared/phone";
import { fromIsoString } from "../shared/time";
import type { ChannelKey, NormalizedEvent, ParsedWebhook, StatusUpdate, UnknownEvent } from "../types";

/**
 * YCloud posts one event per request: `{id, type, apiVersion, createTime, <payload>}`.
 * Numbers are "+E.164" and times RFC 3339; the message content keeps Meta's shapes.
 */
export function parseYCloudWebhook(raw: string, _contentType: string | null, options: ParseOptions = {}): ParsedWebhook {
  const parsed = tryParseJson(raw);
  if (!parsed.ok) throw new BadPayloadError("Body is not JSON");
  const event = withStorableIds(ycloudEventToNormalized(storableJson(parsed.value), options.now ?? new Date()));
  return { routing: event.channelKey, events: [event] };
}

export function ycloudEventToNormalized(payload: unknown, now: Date): NormalizedEvent {
  const root = asObject(payload);
  const type = asString(root?.type);
  if (root && type === "whatsapp.inbound_message.received") {
    const msg = asObject(root.whatsappInboundMessage);
    if (msg) return inboundToEvent(msg, root, now);
  }
  if (root && type === "whatsapp.message.updated") {
    const msg = asObject(root.whatsappMessage);
    if (msg) return statusToEvent(msg, root, now);
  }
  return { kind: "unknown", channelKey: root ? ycloudRoutingKey(root) : {}, reason: `unsupported YCloud event: ${type ?? "(no type)"}`, raw: payload };
}

function inboundToEvent(msg: JsonObject, envelope: JsonObject, now: Date) {
  const from = asText(msg.from);
  const fromUserId = asText(msg.fromUserId);
  return waMessageToEvent(msg, {
    channelKey: ycloudRoutingKey(envelope),
    // The wamid, like Meta, so quoting and read receipts work the same; YCloud accepts it for markAsRead.
    providerMessageId: asText(msg.wamid) ?? asText(msg.id),
    from: from ? toDigits(from) : fromUserId,
    fromUserId,
    contactName: asText(asObject(msg.customerProfile)?.name),
    timestamp: fromIsoString(msg.sendTime) ?? fromIsoString(envelope.createTime),
    now,
  });
}

function statusToEvent(msg: JsonObject, envelope: JsonObject, now: Date): StatusUpdate | UnknownEvent {
  const channelKey = ycloudRoutingKey(envelope);
  // YCloud's own id is what the enqueue call returns (it has no wamid yet), so statuses key on it.
  const id = asText(msg.id) ?? asText(msg.wamid);
  const providerStatus = asText(msg.status);
  if (!id || !providerStatus) return { kind: "unknown", channelKey, reason: "status without id or status", raw: envelope };

  const status = toDeliveryStatus(providerStatus);
  const conversation = asObject(msg.conversation);
  const to = asText(msg.to);
  return compact<StatusUpdate>({
    kind: "status",
    channelKey,
    providerMessageId: id,
    wamid: asText(msg.wamid),
    status,
    providerStatus,
    timestamp: statusTime(msg, status) ?? fromIsoString(envelope.createTime) ?? now,
    recipient: to ? toDigits(to) : undefined,
    error: readError(msg),
    callbackData: asString(msg.externalId),
    conversation: conversation
      ? compact({ id: asString(conversation.id), originType: asString(conversation.originType) ?? asString(conversation.type), expiresAt: fromIsoString(conversation.expireTime) })
      : undefined,
    pricing: hasPricing(msg)
      ? compact({
          model: asString(msg.pricingModel),
          category: asString(msg.pricingCategory),
          type: asString(msg.pricingType),
          amount: asNumber(msg.totalPrice),
          currency: asString(msg.currency),
        })
      : undefined,
    raw: envelope,
  });
}

/** The time the status happened, not when YCloud wrote the event. */
function statusTime(msg: JsonObject, status: StatusUpdate["status"]): Date | undefined {
  const field = status === "sent" ? msg.sendTime : status === "delivered" ? msg.deliverTime : status === "read" ? msg.readTime : undefined;
  return fromIsoString(field) ?? fromIsoString(msg.updateTime);
}

function readError(msg: JsonObject): StatusUpdate["error"] {
  const wa = asObject(msg.whatsappApiError);
  const code = asText(msg.errorCode) ?? asText(wa?.code);
  if (!code) return undefined;
  const message = asText(msg.errorMessage) ?? asText(wa?.message);
  return compact({
    code,
    title: message ?? describeError(code).title,
    message,
    details: asText(asObject(wa?.error_data)?.details) ?? asText(wa?.error_data),
  });
}

function hasPricing(msg: JsonObject): boolean {
  return msg.pricingModel !== undefined || msg.pricingCategory !== undefined || msg.totalPrice !== undefined;
}

/** Inbound: the business number is `to`; status: `from`. */
export function ycloudRoutingKey(envelope: JsonObject): ChannelKey {
  const inbound = asObject(envelope.whatsappInboundMessage);
  const outbound = asObject(envelope.whatsappMessage);
  const number = asText(inbound?.to) ?? asText(outbound?.from);
  const digits = number ? toDigits(number) : "";
  return digits ? { businessNumber: digits } : {};
}

export function ycloudRoutingKeys(raw: string): ChannelKey[] {
  const parsed = tryParseJson(raw);
  const root = parsed.ok ? asObject(parsed.value) : undefined;
  if (!root) return [];
  const key = ycloudRoutingKey(root);
  return key.businessNumber ? [key] : [];
}
