/** Unix seconds (string or number, as Meta sends them) → Date. */
export function fromUnixSeconds(value: unknown): Date | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? new Date(n * 1000) : undefined;
}

/** RFC 3339 (YCloud) → Date. */
export function fromIsoString(value: unknown): Date | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
