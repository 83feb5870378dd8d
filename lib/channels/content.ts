import { z } from "zod";

/**
 * What Tickflow sends, independent of the provider. The flow engine produces these,
 * the outbound pipeline stores them on the message row, and each channel adapter turns
 * them into its own wire format. WhatsApp's limits live here so the editor, the engine
 * and the adapters agree on them.
 */
export const WA_LIMITS = {
  textBody: 4096,
  buttonCount: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  listSections: 10,
  listButton: 20,
  listSectionTitle: 24,
  listRowTitle: 24,
  listRowId: 200,
  listRowDescription: 72,
  interactiveHeader: 60,
  interactiveBody: 1024,
  interactiveFooter: 60,
  caption: 1024,
  callbackData: 512,
} as const;

export const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;

const button = z.object({
  id: z.string().min(1).max(WA_LIMITS.buttonId),
  title: z.string().min(1).max(WA_LIMITS.buttonTitle),
});

const listRow = z.object({
  id: z.string().min(1).max(WA_LIMITS.listRowId),
  title: z.string().min(1).max(WA_LIMITS.listRowTitle),
  description: z.string().max(WA_LIMITS.listRowDescription).optional(),
});

export const templateParam = z.union([
  z.object({ type: z.literal("text"), text: z.string(), parameterName: z.string().optional() }),
  z.object({ type: z.literal("payload"), payload: z.string() }),
]);

export const outboundContentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(WA_LIMITS.textBody), previewUrl: z.boolean().optional() }),
  z.object({
    type: z.enum(MEDIA_TYPES),
    link: z.url(),
    caption: z.string().max(WA_LIMITS.caption).optional(),
    filename: z.string().optional(),
  }),
  z.object({
    type: z.literal("buttons"),
    body: z.string().min(1).max(WA_LIMITS.interactiveBody),
    header: z.string().max(WA_LIMITS.interactiveHeader).optional(),
    footer: z.string().max(WA_LIMITS.interactiveFooter).optional(),
    buttons: z.array(button).min(1).max(WA_LIMITS.buttonCount),
  }),
  z.object({
    type: z.literal("list"),
    body: z.string().min(1).max(WA_LIMITS.interactiveBody),
    header: z.string().max(WA_LIMITS.interactiveHeader).optional(),
    footer: z.string().max(WA_LIMITS.interactiveFooter).optional(),
    button: z.string().min(1).max(WA_LIMITS.listButton),
    sections: z
      .array(z.object({ title: z.string().max(WA_LIMITS.listSectionTitle).optional(), rows: z.array(listRow).min(1) }))
      .min(1)
      .max(WA_LIMITS.listSections),
  }),
  z.object({
    type: z.literal("template"),
    name: z.string().min(1),
    language: z.string().min(2),
    /** Body parameters in order ({{1}}, {{2}}…) or named. */
    bodyParams: z.array(templateParam).optional(),
    headerParams: z.array(templateParam).optional(),
    /** Quick-reply button payloads by button index. */
    buttonPayloads: z.array(z.string()).optional(),
    /** Twilio sends templates through its Content API. */
    contentSid: z.string().optional(),
  }),
  z.object({ type: z.literal("reaction"), messageId: z.string().min(1), emoji: z.string() }),
]);

export type OutboundContent = z.infer<typeof outboundContentSchema>;
export type OutboundType = OutboundContent["type"];

/** A plain-text rendering used in logs, the inbox preview and providers without rich types. */
export function contentPreview(content: OutboundContent): string {
  switch (content.type) {
    case "text":
      return content.text;
    case "buttons":
      return `${content.body} ${content.buttons.map((b) => `[${b.title}]`).join(" ")}`;
    case "list":
      return `${content.body} [${content.button}]`;
    case "template":
      return `template ${content.name}`;
    case "reaction":
      return `reaction ${content.emoji}`;
    default:
      return content.caption ? `${content.type}: ${content.caption}` : content.type;
  }
}
