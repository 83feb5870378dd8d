import type { VerifyResult } from "../adapter";
import { hmac, safeEqual } from "../shared/signature";
import { D360_DEFAULT_WEBHOOK_HEADER } from "./config";

/**
 * 360dialog has no built-in signature for direct clients: the webhook config carries
 * custom headers, so we ask operators to set a secret header. Partners may instead get
 * `x-360dialog-signature`, an HMAC-SHA256 of the body whose encoding is not documented —
 * hex and base64 are both accepted.
 */
export function verifyD360Request(rawBody: string, headers: Headers, secret: string, headerName = D360_DEFAULT_WEBHOOK_HEADER): VerifyResult {
  const token = headers.get(headerName);
  if (token !== null) return safeEqual(token.trim(), secret) ? { ok: true } : { ok: false, reason: `wrong ${headerName} header` };

  const signature = headers.get("x-360dialog-signature")?.trim();
  if (!signature) return { ok: false, reason: `missing ${headerName} or x-360dialog-signature header` };
  const candidate = signature.replace(/^sha256=/i, "");
  const hex = hmac("sha256", secret, rawBody, "hex");
  const base64 = hmac("sha256", secret, rawBody, "base64");
  // Evaluate both so timing does not reveal which encoding matched.
  const hexMatch = safeEqual(candidate.toLowerCase(), hex);
  const base64Match = safeEqual(candidate, base64);
  return hexMatch || base64Match ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
