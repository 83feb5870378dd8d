import type { VerifyResult } from "../adapter";
import { hmac, safeEqual } from "../shared/signature";

/**
 * GET handshake when the callback URL is saved in the App Dashboard: echo the challenge
 * as plain text only if the verify token matches. Returns null for a GET that is not a
 * handshake, so the route can answer it however it likes.
 */
export function metaHandshake(query: URLSearchParams, verifyToken: string): { status: number; body: string } | null {
  const mode = query.get("hub.mode");
  const challenge = query.get("hub.challenge");
  const token = query.get("hub.verify_token");
  if (mode === null && challenge === null && token === null) return null;
  if (mode === "subscribe" && token !== null && challenge !== null && safeEqual(token, verifyToken)) {
    return { status: 200, body: challenge };
  }
  return { status: 403, body: "Forbidden" };
}

/** X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, raw body). */
export function verifyMetaSignature(rawBody: string, headers: Headers, appSecret: string): VerifyResult {
  const header = headers.get("x-hub-signature-256");
  if (!header) return { ok: false, reason: "missing X-Hub-Signature-256 header" };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: "malformed X-Hub-Signature-256 header" };
  const expected = hmac("sha256", appSecret, rawBody, "hex");
  return safeEqual(match[1].toLowerCase(), expected) ? { ok: true } : { ok: false, reason: "signature mismatch" };
}
