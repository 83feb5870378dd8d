import type { AnyChannelAdapter } from "./adapter";

const MASK = "••••••••";

/**
 * Replaces secret config values for API output. Long secrets keep their last 4
 * characters so an admin can tell which key is installed; short ones are fully masked.
 */
export function maskSecrets<C extends object>(adapter: Pick<AnyChannelAdapter, "secretFields">, config: C): C {
  const out: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const field of adapter.secretFields as readonly string[]) {
    const value = out[field];
    if (typeof value === "string" && value !== "") out[field] = value.length >= 16 ? `${MASK}${value.slice(-4)}` : MASK;
  }
  return out as C;
}

export function isMaskedValue(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(MASK);
}
