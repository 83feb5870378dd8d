import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";

/**
 * Gives each test file its own database: a copy of the run's migrated template on
 * PostgreSQL (dropped after the file), or an in-memory PGlite without DATABASE_URL.
 */
const base = inject("testDatabaseUrl");
const template = inject("testTemplateDb");
if (base && template) {
  const name = `${template}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  afterAll(async () => {
    const cache = globalThis as unknown as { __tickflowDb?: Promise<{ close(): Promise<void> }> };
    await (await cache.__tickflowDb?.catch(() => undefined))?.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory";
}
process.env.ENCRYPTION_KEY ??= "a".repeat(64);
process.env.PUBLIC_URL ??= "http://localhost:3000";
process.env.LOG_LEVEL ??= "warn";
