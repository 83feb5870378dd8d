import { JSONPath } from "jsonpath-plus";

/** `status` and `data.items[0]` are accepted as shorthands for `$.status`, `$.data.items[0]`. */
export function normalizeJsonPath(path: string): string {
  const trimmed = path.trim();
  if (trimmed.startsWith("$")) return trimmed;
  return trimmed.startsWith("[") ? `$${trimmed}` : `$.${trimmed}`;
}

/**
 * One match gives the value itself, several give an array, none gives null (so a stale
 * value from an earlier call is not mistaken for this response's).
 */
export function readJsonPath(body: unknown, path: string): unknown {
  if (body === undefined || body === null || typeof body !== "object") return null;
  try {
    const found = JSONPath({ path: normalizeJsonPath(path), json: body as object, wrap: true, eval: "safe" }) as unknown[];
    if (found.length === 0) return null;
    return found.length === 1 ? found[0] : found;
  } catch {
    return null;
  }
}
