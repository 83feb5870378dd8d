import type { VerifyResult } from "../adapter";
import { hmac, safeEqual } from "../shared/signature";
import { YCLOUD_DEFAULT_TOLERANCE_SECONDS } from "./config";

/** `YCloud-Signature: t=<unix>,s=<hex HMAC-SHA256(secret, t + "." + raw body)>`; `s` may repeat during secret rotation. */
export function verifyYCloudSignature(
  rawBody: string,
  headers: Headers,
  secret: string,
  now: Date = new Date(),
  toleranceSeconds: number = YCLOUD_DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const header = headers.get("ycloud-signature");
  if (!header) return { ok: false, reason: "missing YCloud-Signature header" };

  let t: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") t = value;
    else if (key === "s" && value) signatures.push(value.toLowerCase());
  }
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return { ok: false, reason: "malformed YCloud-Signature header" };

  // Replay guard: an old signed body must not be accepted again.
  const age = Math.abs(now.getTime() / 1000 - Number(t));
  if (age > toleranceSeconds) return { ok: false, reason: "signature timestamp outside tolerance" };

  const expected = hmac("sha256", secret, `${t}.${rawBody}`, "hex");
  let match = false;
  for (const s of signatures) match = safeEqual(s, expected) || match;
  return match ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
