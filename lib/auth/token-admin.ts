import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { listTokens, revokeToken } from "@/db/queries/tokens";
import { notFound } from "@/lib/api/errors";
import type { CurrentUser } from "./current-user";
import { createApiToken } from "./tokens";

export const newTokenSchema = z.object({ name: z.string().trim().min(1, "Name the token").max(80) });

export async function listApiTokens(db: Database) {
  return { items: await listTokens(db) };
}

/** Creates a token acting as the admin who asked for it; the secret is returned once. */
export async function issueApiToken(db: Database, actor: CurrentUser, name: string, ip: string) {
  const { token, row } = await createApiToken(db, { name, userId: actor.id, createdBy: actor.id });
  await recordAudit(db, { actorKind: actor.via === "token" ? "token" : "user", actorId: actor.id, action: "token.created", targetType: "api_token", targetId: row.id, details: { name }, ip });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, token };
}

export async function revokeApiToken(db: Database, actor: CurrentUser, id: string, ip: string) {
  const row = await revokeToken(db, id);
  if (!row) throw notFound("Active token");
  await recordAudit(db, { actorKind: actor.via === "token" ? "token" : "user", actorId: actor.id, action: "token.revoked", targetType: "api_token", targetId: id, ip });
}
