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
