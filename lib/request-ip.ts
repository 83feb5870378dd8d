import { env } from "./env";

/**
 * The client's address. `next start` appends the socket address to X-Forwarded-For, so
 * the last entry is the one we can trust; behind a reverse proxy (TRUST_PROXY=true) the
 * first entry is the original client.
 */
export function requestIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const parts = forwarded.split(",").map((p) => p.trim()).filter(Boolean);
    const ip = env().TRUST_PROXY ? parts[0] : parts[parts.length - 1];
    if (ip) return ip;
  }
  return headers.get("x-real-ip") ?? "unknown";
}
