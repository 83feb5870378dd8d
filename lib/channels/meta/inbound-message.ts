import { asArray, asBoolean, asNumber, asObject, asString, asText, compact, type JsonObject } from "../shared/json";
import type { ChannelKey, InboundMessage, InboundType, ProviderError, UnknownEvent } from "../types";

/** What the envelope around a message says; differs per provider (Meta vs YCloud). */
export interface MessageEnvelope {
  channelKey: ChannelKey;
  providerMessageId?: string;
  from?: string;
  fromUserId?: string;
  contactName?: string;
  timestamp?: Date;
  now: Date;
}

type Content = Omit<InboundMessage, "kind" | "channelKey" | "providerMessageId" | "from" | "fromUserId" | "contactName" | "timestamp" | "raw">;

type Interactive = NonNullable<InboundMessage["interactive"]>;

const MEDIA = new Set(["image", "video", "audio", "document", "sticker"]);

/**
 * One WhatsApp message object (Meta's snake_case shape, which YCloud keeps for the
 * content) → InboundMessage. A message we cannot attribute (no id, no sender) becomes an
 * UnknownEvent; a type we do not know becomes type `unknown` and keeps its raw object.
 */
export function waMessageToEvent(msg: JsonObject, envelope: MessageEnvelope): InboundMessage | UnknownEvent {
  if (!envelope.providerMessageId) return { kind: "unknown", channelKey: envelope.channelKey, reason: "message without id", raw: msg };
  if (!envelope.from) return { kind: "unknown", channelKey: envelope.channelKey, reason: "message without sender", raw: msg };
  return compact<InboundMessage>({
    kind: "message",
    channelKey: envelope.channelKey,
    providerMessageId: envelope.providerMessageId,
    from: envelope.from,
    fromUserId: envelope.fromUserId,
    contactName: envelope.contactName,
    timestamp: envelope.timestamp ?? envelope.now,
    ...readContent(msg),
    context: readContext(msg.context),
    referral: readReferral(msg.referral),
    errors: readErrors(msg.errors),
    raw: msg,
  });
}

function readContent(msg: JsonObject): Content {
  const type = asString(msg.type) ?? "";
  if (MEDIA.has(type)) return { type: type as InboundType, ...readMedia(asObject(msg[type])) };

  switch (type) {
    case "text":
      return { type, text: asString(asObject(msg.text)?.body) };
    case "location":
      return { type, location: readLocation(asObject(msg.location)) };
    case "contacts":
      return { type, contacts: asArray(msg.contacts).flatMap((c) => readSharedContact(asObject(c))) };
    case "interactive":
      return readInteractive(asObject(msg.interactive));
    case "button": {
      const button = asObject(msg.button);
      const payload = asString(button?.payload);
      const label = asString(button?.text);
      const id = payload ?? label;
      return {
        type,
        text: label,
        interactive: id === undefined ? undefined : { kind: "template_button", id, title: label ?? id },
      };
    }
    case "reaction": {
      const reaction = asObject(msg.reaction);
      const messageId = asString(reaction?.message_id);
      // An absent or empty emoji means the customer removed the reaction.
      return { type, reaction: messageId === undefined ? undefined : { messageId, emoji: asString(reaction?.emoji) ?? "" } };
    }
    case "order": {
      const order = asObject(msg.order);
      if (!order) return { type };
      const text = asText(order.text);
      return {
        type,
        text,
        order: compact({
          catalogId: asString(order.catalog_id),
          text,
          items: asArray(order.product_items).flatMap((raw) => {
            const item = asObject(raw);
            const productRetailerId = asString(item?.product_retailer_id);
            if (!item || productRetailerId === undefined) return [];
            return [compact({ productRetailerId, quantity: asNumber(item.quantity) ?? 1, itemPrice: asNumber(item.item_price), currency: asString(item.currency) })];
          }),
        }),
      };
    }
    case "system": {
      const system = asObject(msg.system);
      const body = asText(system?.body);
      return {
        type,
        text: body,
        system: system
          ? compact({
              body,
              type: asString(system.type),
              newWaId: asString(system.wa_id) ?? asString(system.new_wa_id),
              previousUserId: asString(system.previous_user_id),
            })
          : undefined,
      };
    }
    case "request_welcome":
    case "unsupported":
    case "unknown":
      return { type };
    default:
      return { type: "unknown" };
  }
}

function readMedia(media: JsonObject | undefined): Pick<Content, "text" | "media"> {
  if (!media) return {};
  const caption = asText(media.caption);
  return {
    text: caption,
    media: compact({
      id: asString(media.id),
      // Meta: lookaside `url` (needs the token); YCloud: `link`.
      url: asString(media.url) ?? asString(media.link),
      mimeType: asString(media.mime_type),
      sha256: asString(media.sha256),
      caption,
      filename: asString(media.filename),
      voice: asBoolean(media.voice),
      animated: asBoolean(media.animated),
    }),
  };
}

function readLocation(location: JsonObject | undefined): InboundMessage["location"] {
  const latitude = asNumber(location?.latitude);
  const longitude = asNumber(location?.longitude);
  if (!location || latitude === undefined || longitude === undefined) return undefined;
  return compact({ latitude, longitude, name: asText(location.name), address: asText(location.address), url: asText(location.url) });
}

function readInteractive(interactive: JsonObject | undefined): Content {
  const kind = asString(interactive?.type);
  const reply = kind ? asObject(interactive?.[kind]) : undefined;
  if (!interactive || !reply) return { type: "interactive" };

  if (kind === "button_reply" || kind === "list_reply") {
    const id = asString(reply.id);
    const title = asString(reply.title) ?? "";
    if (id === undefined) return { type: "interactive", text: title || undefined };
    return {
      type: "interactive",
      text: title || undefined,
      interactive: compact<Interactive>({ kind, id, title, description: asText(reply.description) }),
    };
  }
  if (kind === "nfm_reply") {
    const title = asString(reply.body) ?? "";
    return {
      type: "interactive",
      text: title || undefined,
      interactive: compact<Interactive>({ kind, id: asString(reply.name) ?? "flow", title, responseJson: asString(reply.response_json) }),
    };
  }
  return { type: "interactive" };
}

function readSharedContact(contact: JsonObject | undefined): NonNullable<InboundMessage["contacts"]> {
  if (!contact) return [];
  const name = asObject(contact.name);
  const phones = asArray(contact.phones).flatMap((raw) => {
    const p = asObject(raw);
    const phone = asString(p?.phone) ?? asString(p?.wa_id);
    return p && phone !== undefined ? [compact({ phone, waId: asString(p.wa_id), type: asString(p.type) })] : [];
  });
  const emails = asArray(contact.emails).flatMap((raw) => {
    const m = asObject(raw);
    const email = asString(m?.email);
    return m && email !== undefined ? [compact({ email, type: asString(m.type) })] : [];
  });
  const firstName = asText(name?.first_name);
  const lastName = asText(name?.last_name);
  const formatted = asText(name?.formatted_name) ?? ([firstName, lastName].filter(Boolean).join(" ") || phones[0]?.phone || "");
  return [compact({ name: formatted, firstName, lastName, phones, emails, org: asText(asObject(contact.org)?.company) })];
}

function readContext(value: unknown): InboundMessage["context"] {
  const context = asObject(value);
  if (!context) return undefined;
  const out = compact({
    messageId: asString(context.id),
    from: asString(context.from),
    forwarded: asBoolean(context.forwarded),
    frequentlyForwarded: asBoolean(context.frequently_forwarded),
  });
  return Object.keys(out).length ? out : undefined;
}

function readReferral(value: unknown): InboundMessage["referral"] {
  const referral = asObject(value);
  if (!referral) return undefined;
  return compact({
    sourceUrl: asString(referral.source_url),
    sourceId: asString(referral.source_id),
    sourceType: asString(referral.source_type),
    headline: asString(referral.headline),
    body: asString(referral.body),
    mediaType: asString(referral.media_type),
    imageUrl: asString(referral.image_url),
    videoUrl: asString(referral.video_url),
    thumbnailUrl: asString(referral.thumbnail_url),
    ctwaClid: asString(referral.ctwa_clid),
  });
}

export function readErrors(value: unknown): ProviderError[] | undefined {
  const errors = asArray(value).flatMap((raw) => {
    const error = asObject(raw);
    if (!error) return [];
    const code = asString(error.code) ?? "unknown";
    return [
      compact({
        code,
        title: asString(error.title) ?? asString(error.message) ?? code,
        message: asString(error.message),
        details: asString(asObject(error.error_data)?.details) ?? asString(error.details),
      }),
    ];
  });
  return errors.length ? errors : undefined;
}
