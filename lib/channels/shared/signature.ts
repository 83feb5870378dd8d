import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function hmac(algorithm: "sha1" | "sha256", key: string, data: string, encoding: "hex" | "base64"): string {
  // Hash the UTF-8 bytes of the body exactly as received; never a re-serialized object.
  return createHmac(algorithm, key).update(Buffer.from(data, "utf8")).digest(encoding);
}

export function sha256Hex(data: string): string {
  return createHash("sha256").update(Buffer.from(data, "utf8")).digest("hex");
}

/**
 * Constant-time string comparison. Both sides are hashed first so the buffers handed to
 * `timingSafeEqual` always have equal length and the secret's length does not leak.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}
