import { apiRoute, readJson } from "@/lib/api/handler";
import { changeRole, roleChangeSchema } from "@/lib/auth/user-admin";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute<{ id: string }>("users:manage", async ({ req, db, user, params, ip }) => {
  const { role } = await readJson(req, roleChangeSchema);
  return changeRole(db, user, params.id, role, ip);
});
