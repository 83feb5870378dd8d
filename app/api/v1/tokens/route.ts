import { apiRoute, created, readJson } from "@/lib/api/handler";
import { issueApiToken, listApiTokens, newTokenSchema } from "@/lib/auth/token-admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute("tokens:manage", async ({ db }) => listApiTokens(db));

export const POST = apiRoute("tokens:manage", async ({ req, db, user, ip }) => {
  const { name } = await readJson(req, newTokenSchema);
  return created(await issueApiToken(db, user, name, ip));
});
