/**
 * The `?next=` target after signing in, or null when it is missing or unsafe. Only
 * same-site paths are honoured: "/flows" yes; "//evil.example", "/\evil.example",
 * "https://…" no (browsers read the first two as another host).
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || next.length > 2048) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  // Control characters (tabs and newlines are stripped by URL parsers) could smuggle in "//".
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
  // Going back to an auth page after signing in would loop.
  if (/^\/(sign-in|setup)(?:[/?#]|$)/.test(next)) return null;
  return next;
}
