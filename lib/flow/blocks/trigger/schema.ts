import { z } from "zod";
import { checkPattern } from "../checks";
import type { SettingsIssue } from "../types";

export const TRIGGER_KINDS = ["keyword", "any_message", "first_contact", "button_payload", "ad_referral"] as const;
export const KEYWORD_MATCHES = ["exact", "contains", "regex"] as const;

export const triggerSettings = z.object({
  kind: z.enum(TRIGGER_KINDS).optional(),
  /** Keywords, or regular expressions when `match` is "regex". */
  keywords: z.array(z.string()).optional(),
  match: z.enum(KEYWORD_MATCHES).optional(),
  /** Button ids / template quick-reply payloads that start the flow. */
  payloads: z.array(z.string()).optional(),
  /** Ad ids (referral source_id); empty means any click-to-WhatsApp ad. */
  adSourceIds: z.array(z.string()).optional(),
});

export type TriggerSettings = z.infer<typeof triggerSettings>;

export const triggerDefaults = {
  kind: "keyword",
  keywords: [] as string[],
  match: "exact",
  payloads: [] as string[],
  adSourceIds: [] as string[],
} as const satisfies Required<TriggerSettings>;

export function checkTriggerSettings(settings: TriggerSettings): SettingsIssue[] {
  const kind = settings.kind ?? triggerDefaults.kind;
  if (kind === "keyword") {
    const keywords = (settings.keywords ?? []).filter((k) => k.trim());
    if (keywords.length === 0) return [{ code: "missing_keywords", message: "Add at least one keyword that starts this flow." }];
    if ((settings.match ?? triggerDefaults.match) === "regex") {
      return keywords.flatMap((k) => checkPattern(k, "the trigger keyword"));
    }
  }
  if (kind === "button_payload" && !(settings.payloads ?? []).some((p) => p.trim())) {
    return [{ code: "missing_payloads", message: "Add at least one button payload that starts this flow." }];
  }
  return [];
}
