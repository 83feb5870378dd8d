import { z } from "zod";
import { MEDIA_TYPES } from "@/lib/channels/content";

export const REPLY_KINDS = ["text", "media", "buttons", "list", "template"] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** Output ids the engine owns; a button or row may not use them. */
export const RESERVED_REPLY_OUTPUTS = ["next", "no_match", "timeout"] as const;

const choice = z.object({ id: z.string(), title: z.string() });
const row = choice.extend({ description: z.string().optional() });

export const replySettings = z.object({
  kind: z.enum(REPLY_KINDS).optional(),
  /** The message text, or the body of a buttons / list message. */
  text: z.string().optional(),
  header: z.string().optional(),
  footer: z.string().optional(),
  previewUrl: z.boolean().optional(),
  media: z
    .object({ type: z.enum(MEDIA_TYPES), url: z.string(), caption: z.string().optional(), filename: z.string().optional() })
    .optional(),
  /** Each button id is also the output id. */
  buttons: z.array(choice).optional(),
  list: z
    .object({
      button: z.string().optional(),
      sections: z.array(z.object({ title: z.string().optional(), rows: z.array(row) })),
    })
    .optional(),
  template: z
    .object({
      name: z.string(),
      language: z.string(),
      bodyParams: z.array(z.string()).optional(),
      headerParams: z.array(z.string()).optional(),
    })
    .optional(),
  /** Saves the chosen button / row title in this variable. */
  saveChoiceAs: z.string().optional(),
  /** Buttons / list only: adds a `timeout` output taken when nobody answers in time. */
  noReplyAfterMinutes: z.number().optional(),
});

export type ReplySettings = z.infer<typeof replySettings>;

export const replyDefaults = {
  kind: "text",
  listButton: "Choose",
  maxNoReplyMinutes: 7 * 24 * 60,
} as const;

export function replyKind(settings: ReplySettings): ReplyKind {
  return settings.kind ?? replyDefaults.kind;
}

/** Buttons or list rows the customer can pick, in order. Empty for non-interactive replies. */
export function replyChoices(settings: ReplySettings): { id: string; title: string }[] {
  const kind = replyKind(settings);
  if (kind === "buttons") return settings.buttons ?? [];
  if (kind === "list") return (settings.list?.sections ?? []).flatMap((s) => s.rows);
  return [];
}

export function replyWaits(settings: ReplySettings): boolean {
  const kind = replyKind(settings);
  return kind === "buttons" || kind === "list";
}
