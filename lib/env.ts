import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting Tickflow reads from the environment, validated once at start. A bad value
 * stops the app with one line naming the variable (see `loadEnv`). `.env.example` lists
 * the same variables with their defaults.
 */
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const keyFormat = z
  .string()
  .refine((v) => decodeKey(v) !== null, "must be 32 bytes as 64 hex characters or base64");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  PGLITE_DIR: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Webhook events processed at once per instance (each holds a connection for its bot turn). */
  PROCESSING_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(1),
  /**
   * On PostgreSQL, `npm start` runs processing, sending, the sweeper and the job runner in
   * a worker thread, so webhook answers never wait behind bot turns (server.mjs). `false`
   * keeps everything on the main thread. PGlite always does (one process, one thread).
   */
  PROCESSING_WORKER: bool.default(true),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url({ message: "must be an absolute http(s) URL" }).optional(),
  ENCRYPTION_KEY: keyFormat.optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  ADMIN_NAME: z.string().min(1).default("Owner"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
  TRUST_PROXY: bool.default(false),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  SIGNIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(3 * 1024 * 1024),
  CHANNEL_RATE_LIMIT: z.coerce.number().positive().default(80),
  SANDBOX_ENABLED: bool.default(true),
});

export type Env = z.infer<typeof envSchema> & {
  publicUrl: string;
  dataDir: string;
  pgliteDir: string;
  encryptionKey: Buffer;
  dbKind: "postgres" | "pglite";
};

export class EnvError extends Error {}

export function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  const b = Buffer.from(v, "base64");
  return b.length === 32 ? b : null;
}

/**
 * On the embedded database the key is generated once into the data folder, so a newcomer
 * never has to make one; with a real server it must be given (several instances share it).
 */
function resolveEncryptionKey(given: string | undefined, dataDir: string, embedded: boolean): Buffer {
  if (given) return decodeKey(given)!;
  if (!embedded) {
    throw new EnvError("ENCRYPTION_KEY: required when DATABASE_URL is set (32 bytes, e.g. `openssl rand -hex 32`)");
  }
  const file = path.join(dataDir, "encryption.key");
  if (fs.existsSync(file)) {
    const key = decodeKey(fs.readFileSync(file, "utf8"));
    if (!key) throw new EnvError(`ENCRYPTION_KEY: ${file} is not a valid key file`);
    return key;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return resolveEncryptionKey(undefined, dataDir, true);
    throw err;
  }
  return key;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set" (as in a copied .env.example).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = issue.path.join(".") || "environment";
    const value = cleaned[name];
    const shown = value === undefined ? "missing" : name.includes("KEY") || name.includes("SECRET") || name.includes("PASSWORD") || name.includes("TOKEN") ? "bad value" : JSON.stringify(value);
    throw new EnvError(`${name}: ${issue.message} (${shown})`);
  }
  const e = result.data;
  if ((e.ADMIN_EMAIL && !e.ADMIN_PASSWORD) || (!e.ADMIN_EMAIL && e.ADMIN_PASSWORD)) {
    throw new EnvError(`${e.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"}: required together with ${e.ADMIN_EMAIL ? "ADMIN_EMAIL" : "ADMIN_PASSWORD"}`);
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  return {
    ...e,
    dataDir,
    // "memory" keeps the embedded database in memory only (tests, throwaway demos).
    pgliteDir: e.PGLITE_DIR === "memory" ? "memory" : path.resolve(/*turbopackIgnore: true*/ e.PGLITE_DIR ?? path.join(dataDir, "pglite")),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    encryptionKey: resolveEncryptionKey(e.ENCRYPTION_KEY, dataDir, embedded),
    dbKind: embedded ? "pglite" : "postgres",
  };
}

const cache = globalThis as unknown as { __tickflowEnv?: Env };

/** The validated environment; throws EnvError with a one-line message when invalid. */
export function env(): Env {
  cache.__tickflowEnv ??= parseEnv(process.env);
  return cache.__tickflowEnv;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cache.__tickflowEnv = undefined;
}
