import { randomUUID } from "node:crypto";
import { dbHandle } from "@/db";

/** The test run's database (migrated): PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function testDb() {
  return dbHandle();
}

/** Unique values, because database suites share one database per run on PostgreSQL. */
export const unique = (prefix = "t") => `${prefix}-${randomUUID().slice(0, 8)}`;
export const uniqueEmail = (prefix = "user") => `${unique(prefix)}@example.test`;
