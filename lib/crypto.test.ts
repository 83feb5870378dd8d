import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptJson, decryptSecret, deriveKey, encryptJson, encryptSecret, safeEqual } from "./crypto";

const key = randomBytes(32);

describe("secrets at rest (AES-256-GCM)", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("EAAG-access-token", key);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("EAAG");
    expect(decryptSecret(sealed, key)).toBe("EAAG-access-token");
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
    expect(decryptJson(encryptJson({ a: 1, s: "ü" }, key), key)).toEqual({ a: 1, s: "ü" });
  });

  it("refuses tampered ciphertext and a wrong key", () => {
    const sealed = encryptSecret("secret", key);
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3]!, "base64url");
    data[0] = data[0]! ^ 1;
    parts[3] = data.toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow();
    expect(() => decryptSecret("garbage", key)).toThrow(/Unrecognised/);
  });

  it("derives distinct purpose keys", () => {
    expect(deriveKey("a", key).equals(deriveKey("b", key))).toBe(false);
    expect(deriveKey("a", key).equals(deriveKey("a", key))).toBe(true);
  });

  it("compares in constant time", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
