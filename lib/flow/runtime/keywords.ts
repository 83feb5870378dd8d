import type { ChannelSettings } from "@/db/schema";
import { normalizeText } from "@/lib/flow";

/**
 * Channel-wide keywords that work whatever the flow is doing: restart the bot, opt out
 * (the bot stays silent until the customer opts back in), opt in.
 */
export const DEFAULT_KEYWORDS = { restart: [] as string[], optOut: ["stop", "unsubscribe"], optIn: ["start"] };

export type GlobalKeyword = "restart" | "opt_out" | "opt_in";

export function globalKeyword(text: string | undefined, settings: ChannelSettings): GlobalKeyword | null {
  if (!text) return null;
  const said = normalizeText(text);
  const kw = { ...DEFAULT_KEYWORDS, ...settings.keywords };
  const has = (list: string[] | undefined) => (list ?? []).some((k) => normalizeText(k) === said);
  if (has(kw.optOut)) return "opt_out";
  if (has(kw.optIn)) return "opt_in";
  if (has(kw.restart)) return "restart";
  return null;
}

export const OPT_OUT_REPLY = "You won't get more messages from us. Send START to hear from us again.";
export const OPT_IN_REPLY = "Welcome back! You'll get our messages again.";
