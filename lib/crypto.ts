import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "./env";

/**
 * Secrets Tickflow stores (provider tokens, app secrets, API-call headers) are sealed with
 * AES-256-GCM under ENCRYPTION_KEY. Format: "v1.<iv>.<tag>.<ciphertext>" in base64url, so
 * a future key rotation can tell versions apart.
 */
const VERSION = "v1";

export function encryptSecret(plaintext: string, key: Buffer = env().encryptionKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, key: Buffer = env().encryptionKey): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("Unrecognised secret format");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

export function encryptJson(value: unknown, key?: Buffer): string {
  return encryptSecret(JSON.stringify(value), key);
}

export function decryptJson<T>(sealed: string, key?: Buffer): T {
  return JSON.parse(decryptSecret(sealed, key)) as T;
}

/** A purpose-bound key derived from ENCRYPTION_KEY (e.g. the session-signing secret). */
export function deriveKey(purpose: string, key: Buffer = env().encryptionKey): Buffer {
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `tickflow:${purpose}`, 32));
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time string comparison that does not leak the length through an early exit. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
