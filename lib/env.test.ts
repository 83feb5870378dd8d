import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-env-"));

describe("parseEnv", () => {
  it("applies defaults and generates the embedded encryption key once", () => {
    const dir = tmp();
    const a = parseEnv({ DATA_DIR: dir });
    expect(a.dbKind).toBe("pglite");
    expect(a.PORT).toBe(3000);
    expect(a.publicUrl).toBe("http://localhost:3000");
    expect(a.pgliteDir).toBe(path.join(dir, "pglite"));
    expect(a.encryptionKey).toHaveLength(32);
    expect((fs.statSync(path.join(dir, "encryption.key")).mode & 0o777).toString(8)).toBe("600");
    const b = parseEnv({ DATA_DIR: dir });
    expect(b.encryptionKey.equals(a.encryptionKey)).toBe(true);
  });

  it.each([
    [{ PORT: "eighty" }, /^PORT: .*\("eighty"\)$/],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL: must be a postgres/],
    [{ DATABASE_URL: "postgres://localhost/x" }, /^ENCRYPTION_KEY: required when DATABASE_URL is set/],
    [{ ENCRYPTION_KEY: "short" }, /^ENCRYPTION_KEY: must be 32 bytes.*\(bad value\)$/],
    [{ ADMIN_EMAIL: "owner@example.com" }, /^ADMIN_PASSWORD: required together with ADMIN_EMAIL$/],
    [{ ADMIN_EMAIL: "not-an-email", ADMIN_PASSWORD: "long enough pw" }, /^ADMIN_EMAIL: /],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL: /],
    [{ PUBLIC_URL: "example.com" }, /^PUBLIC_URL: must be an absolute/],
  ])("stops with one line naming the bad variable: %o", (vars, message) => {
    let error: unknown;
    try {
      parseEnv({ DATA_DIR: tmp(), ...vars });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("treats empty strings as unset, as in a copied .env.example", () => {
    const e = parseEnv({ DATA_DIR: tmp(), DATABASE_URL: "", PORT: "" });
    expect(e.dbKind).toBe("pglite");
    expect(e.PORT).toBe(3000);
  });

  it("accepts hex and base64 keys and a server database", () => {
    const hex = "ab".repeat(32);
    const e = parseEnv({ DATABASE_URL: "postgresql://u@h:5432/d", ENCRYPTION_KEY: hex, PUBLIC_URL: "https://bot.example.com/" });
    expect(e.dbKind).toBe("postgres");
    expect(e.encryptionKey.toString("hex")).toBe(hex);
    expect(e.publicUrl).toBe("https://bot.example.com");
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ DATA_DIR: tmp(), ENCRYPTION_KEY: b64 }).encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });
});
