import { z } from "zod";
import { WA_LIMITS } from "@/lib/channels/content";
import { checkLength, checkPattern, checkRequiredText, checkVariableTarget } from "../checks";
import type { SettingsIssue } from "../types";

export const ASK_VALIDATIONS = ["text", "number", "email", "phone", "regex", "choice"] as const;
export type AskValidation = (typeof ASK_VALIDATIONS)[number];

export const askSettings = z.object({
  question: z.string().optional(),
  /** Where the answer goes; `contact.x` keeps it on the contact across sessions. */
  variable: z.string().optional(),
  validation: z.enum(ASK_VALIDATIONS).optional(),
  /** For "regex". */
  pattern: z.string().optional(),
  /** For "choice": accepted answers, compared without case or accents. */
  choices: z.array(z.string()).optional(),
  /** For "number". */
  min: z.number().optional(),
  max: z.number().optional(),
  /** For "phone": ISO country for numbers typed without +; defaults to the customer's own country. */
  defaultCountry: z.string().optional(),
  retryMessage: z.string().optional(),
  /** Invalid answers allowed before the `invalid` output is taken. */
  maxRetries: z.number().optional(),
});

export type AskSettings = z.infer<typeof askSettings>;

export const askDefaults = {
  validation: "text",
  maxRetries: 2,
  maxRetriesCeiling: 10,
  retryMessages: {
    text: "Please answer with a text message.",
    number: "Please answer with a number.",
    email: "That doesn't look like an email address. Please try again.",
    phone: "That doesn't look like a phone number. Please include the country code, e.g. +1 555 123 4567.",
    regex: "That doesn't look right. Please try again.",
    choice: "Please answer with one of the options.",
  } satisfies Record<AskValidation, string>,
} as const;

export function checkAskSettings(s: AskSettings): SettingsIssue[] {
  const issues: SettingsIssue[] = [
    ...checkRequiredText(s.question, "empty_question", "Write the question to ask."),
    ...checkLength(s.question, WA_LIMITS.textBody, "The question"),
    ...checkLength(s.retryMessage, WA_LIMITS.textBody, "The retry message"),
    ...checkVariableTarget(s.variable),
  ];
  const validation = s.validation ?? askDefaults.validation;
  if (validation === "regex") issues.push(...checkPattern(s.pattern, "the answer"));
  if (validation === "choice" && !(s.choices ?? []).some((c) => c.trim())) {
    issues.push({ code: "missing_choices", message: "Add the answers this question accepts." });
  }
  if (validation === "number" && s.min !== undefined && s.max !== undefined && s.min > s.max) {
    issues.push({ code: "invalid_range", message: "The minimum is larger than the maximum." });
  }
  if (validation === "phone" && s.defaultCountry !== undefined && !/^[A-Z]{2}$/.test(s.defaultCountry)) {
    issues.push({ code: "invalid_country", message: "The default country must be a two-letter code like IN or BR." });
  }
  const retries = s.maxRetries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= askDefaults.maxRetriesCeiling)) {
    issues.push({ code: "invalid_retry_limit", message: `The retry limit must be a whole number from 0 to ${askDefaults.maxRetriesCeiling}.` });
  }
  return issues;
}
