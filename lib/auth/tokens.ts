import { randomBytes } from "node:crypto";
import type { Queryable } from "@/db/client";
import { findActiveToken, insertToken, touchToken } from "@/db/queries/tokens";
import { sha256Hex } from "@/lib/crypto";
import type { CurrentUser } from "./current-user";
import { isRole } from "./roles";

/**
 * API tokens are 256 random bits, so a plain SHA-256 is the right storage hash (a slow
 * KDF protects low-entropy passwords, not random keys) and lookups stay one index probe.
 */
export const TOKEN_PREFIX = "tf_";

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export async function createApiToken(db: Queryable, input: { name: string; userId: string; createdBy: string | null }) {
  const token = generateToken();
  const [row] = await insertToken(db, {
    name: input.name,
    userId: input.userId,
    createdBy: input.createdBy,
    tokenHash: sha256Hex(token),
    prefix: token.slice(0, 10),
  });
  return { token, row: row! };
}

/** The user behind a bearer token, or null when it is unknown or revoked (checked every call). */
export async function userFromToken(db: Queryable, token: string): Promise<CurrentUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const found = await findActiveToken(db, sha256Hex(token));
  if (!found || !isRole(found.user.role)) return null;
  await touchToken(db, found.token.id);
  return { id: found.user.id, email: found.user.email, name: found.user.name, role: found.user.role, via: "token" };
}
