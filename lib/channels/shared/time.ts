/**
 * Provider times PostgreSQL can take: drizzle writes `toISOString()`, which has six-digit
 * signed years outside 0000–9999 that timestamptz refuses, and an Invalid Date throws.
 * The upper bound leaves room for the 24-hour window computed from a message's time.
 * Anything outside is unreadable, and the parsers fall back as for a missing time.
 */
const EARLIEST = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-01-01T00:00:00.000Z");

function storable(ms: number): Date | undefined {
  return ms >= EARLIEST && ms <= LATEST ? new Date(ms) : undefined;
}

/** Unix seconds (string or number, as Meta sends them) → Date. */
export function fromUnixSeconds(value: unknown): Date | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? storable(n * 1000) : undefined;
}

/** RFC 3339 (YCloud) → Date. */
export function fromIsoString(value: unknown): Date | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  return storable(new Date(value).getTime());
}
