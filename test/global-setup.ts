import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";

/**
 * With DATABASE_URL set: one fresh, migrated template database per test run; each test
 * file then gets its own copy (test/setup-env.ts), and everything is dropped at the end.
 * Without it the suites use an in-memory PGlite per file.
 */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const name = `tickflow_test_${process.pid}_${Date.now()}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), poolSize: 1 });
  await runMigrations(handle, path.join(import.meta.dirname, "..", "db", "migrations"));
  await handle.close();
  project.provide("testDatabaseUrl", base);
  project.provide("testTemplateDb", name);
  return async () => {
    const rows = await admin.unsafe<{ datname: string }[]>(`SELECT datname FROM pg_database WHERE datname LIKE '${name}%'`);
    for (const r of rows) await admin.unsafe(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.end();
  };
}
