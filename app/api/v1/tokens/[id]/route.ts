import { z } from "zod";
import { apiRoute, noContent } from "@/lib/api/handler";
import { revokeApiToken } from "@/lib/auth/token-admin";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>("tokens:manage", async ({ db, user, params, ip }) => {
  await revokeApiToken(db, user, z.uuid({ message: "Unknown token id" }).parse(params.id), ip);
  return noContent();
});
