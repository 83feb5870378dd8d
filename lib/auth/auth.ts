import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { getDb } from "@/db";
import { accounts, rateLimits, sessions, users, verifications } from "@/db/schema";
import { deriveKey } from "@/lib/crypto";
import { env } from "@/lib/env";

/**
 * Email + password accounts with better-auth: scrypt password hashes, http-only
 * SameSite=Lax session cookies (Secure when PUBLIC_URL is https), Origin checks on its
 * mutations, and a database-backed per-IP request limiter that app instances share.
 * Public sign-up is off: the owner is created at setup, everyone else by an admin.
 */
function createAuth(db: Awaited<ReturnType<typeof getDb>>) {
  const e = env();
  const origin = new URL(e.publicUrl);
  const trustedOrigins = [origin.origin];
  // Locally, localhost and 127.0.0.1 are the same machine; accept both.
  if (origin.hostname === "localhost" || origin.hostname === "127.0.0.1") {
    const port = origin.port ? `:${origin.port}` : "";
    trustedOrigins.push(`${origin.protocol}//localhost${port}`, `${origin.protocol}//127.0.0.1${port}`);
  }
  return betterAuth({
    appName: "Tickflow",
    baseURL: e.publicUrl,
    basePath: "/api/auth",
    secret: e.AUTH_SECRET ?? deriveKey("auth-secret").toString("hex"),
    trustedOrigins,
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications, rateLimit: rateLimits },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false, defaultValue: "agent" },
        isOwner: { type: "boolean", input: false, required: false, defaultValue: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: 30 } },
    },
    advanced: {
      cookiePrefix: "tickflow",
      useSecureCookies: origin.protocol === "https:",
      ipAddress: { ipAddressHeaders: ["x-forwarded-for", "x-real-ip"] },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const cache = globalThis as unknown as { __tickflowAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  cache.__tickflowAuth ??= getDb().then(createAuth);
  return cache.__tickflowAuth;
}
