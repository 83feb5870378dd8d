import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { matchesPattern, normalizeAnswer, parseNumber } from "../../text";
import type { ContactInput, InboundMessageInput } from "../../types";
import { askDefaults, type AskSettings } from "./schema";

export type AnswerCheck = { ok: true; value: unknown } | { ok: false };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Checks an answer and returns the value to store (numbers as numbers, phones as E.164). */
export function checkAnswer(settings: AskSettings, message: InboundMessageInput, contact: ContactInput): AnswerCheck {
  const text = (message.text ?? message.interactiveTitle ?? "").trim();
  switch (settings.validation ?? askDefaults.validation) {
    case "text":
      return text ? { ok: true, value: text } : { ok: false };
    case "number": {
      const n = parseNumber(text);
      if (!Number.isFinite(n)) return { ok: false };
      if (settings.min !== undefined && n < settings.min) return { ok: false };
      if (settings.max !== undefined && n > settings.max) return { ok: false };
      return { ok: true, value: n };
    }
    case "email":
      return EMAIL.test(text) ? { ok: true, value: text.toLowerCase() } : { ok: false };
    case "phone": {
      const phone = parsePhoneNumberFromString(text, defaultCountry(settings, contact));
      return phone?.isValid() ? { ok: true, value: phone.number } : { ok: false };
    }
    case "regex":
      return text && matchesPattern(settings.pattern ?? "", text) ? { ok: true, value: text } : { ok: false };
    case "choice": {
      const choices = (settings.choices ?? []).filter((c) => c.trim());
      const byId = message.interactiveId !== undefined ? choices.find((c) => c === message.interactiveId) : undefined;
      const answer = normalizeAnswer(text);
      const chosen = byId ?? choices.find((c) => normalizeAnswer(c) === answer);
      return chosen !== undefined ? { ok: true, value: chosen } : { ok: false };
    }
  }
}

/** Numbers typed without a country code are read in the customer's own country. */
function defaultCountry(settings: AskSettings, contact: ContactInput): CountryCode | undefined {
  if (settings.defaultCountry) return settings.defaultCountry as CountryCode;
  const digits = contact.phone.replace(/\D/g, "");
  return digits ? parsePhoneNumberFromString(`+${digits}`)?.country : undefined;
}
