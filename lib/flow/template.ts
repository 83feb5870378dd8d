/**
 * `{{variable}}` templates. Paths are dotted (`contact.name`, `order.items.0.sku`) and
 * may carry a fallback after a pipe: `Hello {{contact.name | there}}`. Missing values
 * render as the fallback or as nothing — a customer should never see `undefined`.
 */
const PLACEHOLDER = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

export type Lookup = (path: string) => unknown;

export type RenderOptions = {
  /** Applied to each substituted value (e.g. URL encoding), given its offset in the template. */
  encode?: (value: string, offset: number) => string;
};

export function renderTemplate(template: string, lookup: Lookup, options: RenderOptions = {}): string {
  return template.replace(PLACEHOLDER, (_match, rawPath: string, fallback: string | undefined, offset: number) => {
    const value = stringifyValue(lookup(rawPath.trim()));
    const text = value === "" ? (fallback ?? "") : value;
    return options.encode ? options.encode(text, offset) : text;
  });
}

/** Every path referenced by a template, in order (used by the validator). */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? "").trim());
}

/**
 * The path when the whole template is one placeholder (`"{{order}}"`), so callers can
 * keep the value's type (numbers, objects) instead of flattening it to text.
 */
export function singlePlaceholder(template: string): string | null {
  const match = /^\s*\{\{\s*([^{}|]+?)\s*\}\}\s*$/.exec(template);
  return match?.[1] ?? null;
}

export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return "";
  }
}

/** Reads `a.b.0.c` (or `a.b[0].c`) from plain data; never walks into prototypes. */
export function getPath(root: unknown, path: string): unknown {
  if (!path) return undefined;
  let current: unknown = root;
  for (const key of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
