import { apiRoute, created, readJson } from "@/lib/api/handler";
import { addTeamMember, listTeam, newUserSchema } from "@/lib/auth/user-admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute("users:manage", async ({ db }) => listTeam(db));

export const POST = apiRoute("users:manage", async ({ req, db, user, ip }) =>
  created(await addTeamMember(db, user, await readJson(req, newUserSchema), ip)),
);
