import { matchesPattern, normalizeAnswer, normalizeText } from "../../text";
import type { ContactInput, InboundMessageInput } from "../../types";
import { triggerDefaults, type TriggerSettings } from "./schema";

/** Whether an inbound message starts a flow with this trigger. Pure and browser-safe. */
export function triggerMatches(
  settings: TriggerSettings,
  message: InboundMessageInput,
  contact: Pick<ContactInput, "isFirstContact">,
): boolean {
  switch (settings.kind ?? triggerDefaults.kind) {
    case "any_message":
      return true;
    case "first_contact":
      return contact.isFirstContact;
    case "button_payload":
      return message.interactiveId !== undefined && (settings.payloads ?? []).includes(message.interactiveId);
    case "ad_referral": {
      if (!message.referral) return false;
      const ids = (settings.adSourceIds ?? []).filter((id) => id.trim());
      return ids.length === 0 || (message.referral.sourceId !== undefined && ids.includes(message.referral.sourceId));
    }
    case "keyword":
      return keywordMatches(settings, message.text ?? message.interactiveTitle);
  }
}

function keywordMatches(settings: TriggerSettings, text: string | undefined): boolean {
  if (!text) return false;
  const keywords = (settings.keywords ?? []).filter((k) => k.trim());
  switch (settings.match ?? triggerDefaults.match) {
    case "exact": {
      const answer = normalizeAnswer(text);
      return keywords.some((k) => normalizeAnswer(k) === answer);
    }
    case "contains": {
      const haystack = normalizeText(text);
      return keywords.some((k) => haystack.includes(normalizeText(k)));
    }
    case "regex":
      return keywords.some((k) => matchesPattern(k, text));
  }
}
