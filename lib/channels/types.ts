import { z } from "zod";

/**
 * The normalized events every channel adapter produces. They are zod schemas (not only
 * types) so the processor can store an event as JSON and validate it again on read:
 * dates go through `z.coerce.date()` and come back as `Date`.
 */

export const PROVIDERS = ["meta", "360dialog", "ycloud", "twilio", "sandbox"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Providers with their own webhook route. The sandbox is Meta-compatible and posts to /api/webhooks/meta. */
export const WEBHOOK_PROVIDERS = ["meta", "360dialog", "ycloud", "twilio"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

export function isProvider(value: unknown): value is Provider {
  return typeof value === "string" && (PROVIDERS as readonly string[]).includes(value);
}

export function isWebhookProvider(value: unknown): value is WebhookProvider {
  return typeof value === "string" && (WEBHOOK_PROVIDERS as readonly string[]).includes(value);
}

/**
 * The identifiers in a payload that name the bot's number. One webhook can carry events
 * for several numbers (Meta batches entries), so every event carries its own key.
 * `businessNumber` is E.164 digits without "+".
 */
export const channelKeySchema = z.object({
  phoneNumberId: z.string().optional(),
  displayPhoneNumber: z.string().optional(),
  businessNumber: z.string().optional(),
  accountSid: z.string().optional(),
});
export type ChannelKey = z.infer<typeof channelKeySchema>;

export const providerErrorSchema = z.object({
  code: z.string(),
  title: z.string(),
  message: z.string().optional(),
  details: z.string().optional(),
});
export type ProviderError = z.infer<typeof providerErrorSchema>;

export const INBOUND_TYPES = [
  "text",
  "image",
  "audio",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "reaction",
  "order",
  "system",
  "request_welcome",
  "unsupported",
  "unknown",
] as const;
export type InboundType = (typeof INBOUND_TYPES)[number];

export const INTERACTIVE_KINDS = ["button_reply", "list_reply", "template_button", "nfm_reply"] as const;

const sharedContactSchema = z.object({
  name: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  phones: z.array(z.object({ phone: z.string(), waId: z.string().optional(), type: z.string().optional() })),
  emails: z.array(z.object({ email: z.string(), type: z.string().optional() })),
  org: z.string().optional(),
});

export const inboundMessageSchema = z.object({
  kind: z.literal("message"),
  channelKey: channelKeySchema,
  /** wamid for Meta/360dialog/YCloud, the Message SID for Twilio. */
  providerMessageId: z.string(),
  /** Customer WhatsApp id, digits without "+" (falls back to the BSUID when the number is hidden). */
  from: z.string(),
  fromUserId: z.string().optional(),
  contactName: z.string().optional(),
  timestamp: z.coerce.date(),
  type: z.enum(INBOUND_TYPES),
  /** What a human would read: body, caption, tapped button / row title, order note, system notice. */
  text: z.string().optional(),
  interactive: z
    .object({
      kind: z.enum(INTERACTIVE_KINDS),
      id: z.string(),
      title: z.string(),
      description: z.string().optional(),
      /** WhatsApp Flows answer (nfm_reply), a JSON string. */
      responseJson: z.string().optional(),
    })
    .optional(),
  media: z
    .object({
      id: z.string().optional(),
      url: z.string().optional(),
      mimeType: z.string().optional(),
      sha256: z.string().optional(),
      caption: z.string().optional(),
      filename: z.string().optional(),
      voice: z.boolean().optional(),
      animated: z.boolean().optional(),
    })
    .optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(sharedContactSchema).optional(),
  /** `emoji` empty = the customer removed their reaction. */
  reaction: z.object({ messageId: z.string(), emoji: z.string() }).optional(),
  order: z
    .object({
      catalogId: z.string().optional(),
      text: z.string().optional(),
      items: z.array(
        z.object({
          productRetailerId: z.string(),
          quantity: z.number(),
          itemPrice: z.number().optional(),
          currency: z.string().optional(),
        }),
      ),
    })
    .optional(),
  /** Click-to-WhatsApp ad or post that opened the chat (first message only). */
  referral: z
    .object({
      sourceUrl: z.string().optional(),
      sourceId: z.string().optional(),
      sourceType: z.string().optional(),
      headline: z.string().optional(),
      body: z.string().optional(),
      mediaType: z.string().optional(),
      imageUrl: z.string().optional(),
      videoUrl: z.string().optional(),
      thumbnailUrl: z.string().optional(),
      ctwaClid: z.string().optional(),
    })
    .optional(),
  system: z
    .object({
      body: z.string().optional(),
      type: z.string().optional(),
      newWaId: z.string().optional(),
      previousUserId: z.string().optional(),
    })
    .optional(),
  context: z
    .object({
      messageId: z.string().optional(),
      from: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequentlyForwarded: z.boolean().optional(),
    })
    .optional(),
  errors: z.array(providerErrorSchema).optional(),
  /** The provider's original object for this message. */
  raw: z.unknown(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const DELIVERY_STATUSES = ["accepted", "sent", "delivered", "read", "failed", "played", "deleted", "unknown"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const statusUpdateSchema = z.object({
  kind: z.literal("status"),
  channelKey: channelKeySchema,
  /** The id the send call returned (wamid, YCloud message id, Twilio SID). */
  providerMessageId: z.string(),
  /** YCloud reports both its own id (what send returns) and the wamid. */
  wamid: z.string().optional(),
  status: z.enum(DELIVERY_STATUSES),
  /** The provider's own word, kept for the history tooltip and for statuses we map to `unknown`. */
  providerStatus: z.string(),
  timestamp: z.coerce.date(),
  recipient: z.string().optional(),
  error: providerErrorSchema.optional(),
  /** Meta `biz_opaque_callback_data`, YCloud `externalId`. */
  callbackData: z.string().optional(),
  conversation: z
    .object({
      id: z.string().optional(),
      originType: z.string().optional(),
      expiresAt: z.coerce.date().optional(),
    })
    .optional(),
  pricing: z
    .object({
      model: z.string().optional(),
      category: z.string().optional(),
      type: z.string().optional(),
      billable: z.boolean().optional(),
      amount: z.number().optional(),
      currency: z.string().optional(),
    })
    .optional(),
  raw: z.unknown(),
});
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

/** Anything we could not understand. Stored raw, answered 200, shown in the admin view — never dropped. */
export const unknownEventSchema = z.object({
  kind: z.literal("unknown"),
  channelKey: channelKeySchema,
  reason: z.string(),
  raw: z.unknown(),
});
export type UnknownEvent = z.infer<typeof unknownEventSchema>;

export const normalizedEventSchema = z.discriminatedUnion("kind", [
  inboundMessageSchema,
  statusUpdateSchema,
  unknownEventSchema,
]);
export type NormalizedEvent = z.infer<typeof normalizedEventSchema>;

export interface ParsedWebhook {
  /** The first event's key, for logs and single-number payloads. Route each event by its own `channelKey`. */
  routing: ChannelKey;
  /** Never empty: an empty payload yields one UnknownEvent so nothing is silently swallowed. */
  events: NormalizedEvent[];
}
