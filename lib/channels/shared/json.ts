import { BadPayloadError } from "../errors";

/**
 * Tolerant readers for provider JSON. Providers add, drop and retype fields without
 * notice; a wrong type becomes `undefined` instead of an exception, so one odd field
 * never costs us the whole webhook.
 */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Strings, and finite numbers as strings (Meta sends numeric codes, YCloud string codes). */
export function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Non-empty string or undefined. */
export function asText(value: unknown): string | undefined {
  const s = asString(value);
  return s === undefined || s === "" ? undefined : s;
}

/** Numbers, and numeric strings (some libraries send coordinates as strings). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Drops keys whose value is undefined so normalized objects stay small and compare cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** `JSON.parse` that reports failure instead of throwing. */
export function tryParseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Far deeper than any provider nests (a Meta envelope around an interactive reply is about
 * ten levels), shallow enough for the recursive JSON.stringify that writes the event as
 * jsonb and for PostgreSQL's jsonb parser.
 */
export const MAX_JSON_DEPTH = 64;

/** U+0000 and unpaired UTF-16 surrogates: PostgreSQL refuses both in jsonb, and U+0000 in text. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** The text with what PostgreSQL cannot store replaced by U+FFFD, the replacement character. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, "\ufffd") : text;
}

/**
 * A parsed webhook body made storable, in place: U+0000 and unpaired surrogates (valid
 * JSON escapes, "\u0000", "\ud800") in keys and strings become U+FFFD, since PostgreSQL
 * refuses them and the insert failed with a 503. Throws BadPayloadError (the route's
 * 400) when the body nests deeper than MAX_JSON_DEPTH — such a body used to overflow the
 * stack while being stored, also a 503, so the provider sent it again.
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  const stack: [object, number][] = value !== null && typeof value === "object" ? [[value, 0]] : [];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth >= MAX_JSON_DEPTH) throw new BadPayloadError(`Body nests deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child === "string") node[i] = storableText(child);
        else if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
      }
      continue;
    }
    const record = node as JsonObject;
    for (const key of Object.keys(record)) {
      let child = record[key];
      if (typeof child === "string") {
        const clean = storableText(child);
        if (clean !== child) record[key] = child = clean;
      } else if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
      const cleanKey = storableText(key);
      if (cleanKey !== key) {
        delete record[key];
        // defineProperty, not assignment: the key may be "__proto__".
        Object.defineProperty(record, cleanKey, { value: child, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return value;
}
