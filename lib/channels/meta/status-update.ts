import { asBoolean, asObject, asString, asText, compact, type JsonObject } from "../shared/json";
import { fromUnixSeconds } from "../shared/time";
import type { ChannelKey, DeliveryStatus, StatusUpdate, UnknownEvent } from "../types";
import { readErrors } from "./inbound-message";

/**
 * `deleted` and `warning` belong to the retired On-Premises API; the first keeps its
 * name, anything else is `unknown` (kept in history, ignored by the reducer).
 */
export function toDeliveryStatus(value: string): DeliveryStatus {
  switch (value) {
    case "accepted":
    case "sent":
    case "delivered":
    case "read":
    case "failed":
    case "played":
    case "deleted":
      return value;
    default:
      return "unknown";
  }
}

/** One `value.statuses[i]` → StatusUpdate. */
export function waStatusToEvent(status: JsonObject, channelKey: ChannelKey, now: Date): StatusUpdate | UnknownEvent {
  const id = asText(status.id);
  const providerStatus = asText(status.status);
  if (!id || !providerStatus) return { kind: "unknown", channelKey, reason: "status without id or status", raw: status };

  const conversation = asObject(status.conversation);
  const pricing = asObject(status.pricing);
  return compact<StatusUpdate>({
    kind: "status",
    channelKey,
    providerMessageId: id,
    status: toDeliveryStatus(providerStatus),
    providerStatus,
    timestamp: fromUnixSeconds(status.timestamp) ?? now,
    recipient: asString(status.recipient_id) ?? asString(status.recipient_user_id),
    error: readErrors(status.errors)?.[0],
    callbackData: asString(status.biz_opaque_callback_data),
    conversation: conversation
      ? compact({
          id: asString(conversation.id),
          originType: asString(asObject(conversation.origin)?.type),
          expiresAt: fromUnixSeconds(conversation.expiration_timestamp),
        })
      : undefined,
    pricing: pricing
      ? compact({
          model: asString(pricing.pricing_model),
          category: asString(pricing.category),
          type: asString(pricing.type),
          billable: asBoolean(pricing.billable),
        })
      : undefined,
    raw: status,
  });
}
