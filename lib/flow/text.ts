/**
 * Text normalization for matching what customers type. WhatsApp users write "Hi!",
 * "HÍ", "olá" and "ola" for the same thing, so every keyword, choice and text condition
 * compares normalized forms: lowercase, accents stripped (NFD + drop combining marks),
 * whitespace collapsed.
 */
export function normalizeText(value: string): string {
  return value
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * For whole-message comparisons (exact keywords, choices, button titles): "hi!" and
 * "👋 hi" should still be "hi". Falls back to the plain form when the text is nothing
 * but punctuation, so a keyword like "?" keeps working.
 */
export function normalizeAnswer(value: string): string {
  const normalized = normalizeText(value);
  const trimmed = normalized.replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, "");
  return trimmed || normalized;
}

/** Longest pattern we compile; user regexes run on the server for every message. */
export const MAX_PATTERN_LENGTH = 300;

const regexCache = new Map<string, RegExp | null>();

/**
 * Compiles an operator-written pattern case-insensitively, or null when it is not a
 * valid regular expression. Cached because the same flow runs for every message.
 */
export function compilePattern(pattern: string): RegExp | null {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) return cached;
  let compiled: RegExp | null = null;
  if (pattern.length <= MAX_PATTERN_LENGTH) {
    try {
      compiled = new RegExp(pattern, "iu");
    } catch {
      compiled = null;
    }
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(pattern, compiled);
  return compiled;
}

/** Tests both the raw and the accent-free text, so "ola" patterns match "olá". */
export function matchesPattern(pattern: string, text: string): boolean {
  const re = compilePattern(pattern);
  if (!re) return false;
  return re.test(text) || re.test(normalizeText(text));
}

/**
 * A rough check for nested quantifiers like `(a+)+`, the usual cause of catastrophic
 * backtracking. JavaScript has no regex timeout, so the validator warns about these.
 */
export function looksCatastrophic(pattern: string): boolean {
  return /\([^()]*[+*][^()]*\)\s*[+*{]/.test(pattern);
}

/**
 * Reads numbers the way people type them: "₹3,500", "1,5", "42 kg". A comma followed by
 * one or two digits is a decimal comma; otherwise commas group thousands.
 */
export function parseNumber(text: string): number {
  const cleaned = text.trim().replace(/^[^\d+-]+|[^\d]+$/g, "").replace(/\s/g, "");
  if (!cleaned) return Number.NaN;
  const normalized = /^[+-]?\d+,\d{1,2}$/.test(cleaned) ? cleaned.replace(",", ".") : cleaned.replace(/,/g, "");
  return Number(normalized);
}
