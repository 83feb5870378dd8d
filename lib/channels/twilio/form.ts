/** application/x-www-form-urlencoded → ordered key/value pairs (keys may repeat, e.g. MediaUrl). */
export function parseForm(raw: string): [string, string][] {
  return [...new URLSearchParams(raw.replace(/^\?/, "")).entries()];
}

/** First value per key, the view the parser needs. */
export function formRecord(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) if (!(k in out)) out[k] = v;
  return out;
}
