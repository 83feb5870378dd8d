import { storableText } from "../shared/json";

/** application/x-www-form-urlencoded → ordered key/value pairs (keys may repeat, e.g. MediaUrl). */
export function parseForm(raw: string): [string, string][] {
  return [...new URLSearchParams(raw.replace(/^\?/, "")).entries()];
}

/**
 * First value per key, the view the parser needs. U+0000 (sent as %00) becomes U+FFFD:
 * PostgreSQL cannot store it, and the form is kept as the event's raw object.
 */
export function formRecord(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    const key = storableText(k);
    if (!(key in out)) out[key] = storableText(v);
  }
  return out;
}
