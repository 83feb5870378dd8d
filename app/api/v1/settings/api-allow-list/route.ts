import { recordAudit } from "@/db/queries/audit";
import { apiRoute, readJson } from "@/lib/api/handler";
import { allowListSchema, readAllowList, writeAllowList } from "@/lib/flow/runtime/allow-list";

export const dynamic = "force-dynamic";

/** Hosts / addresses API-call blocks may reach even though they are private. */
export const GET = apiRoute("flows:read", async ({ db }) => ({ entries: await readAllowList(db) }));

export const PUT = apiRoute("channels:manage", async ({ req, db, user, ip }) => {
  const { entries } = await readJson(req, allowListSchema);
  const saved = await writeAllowList(db, entries);
  await recordAudit(db, { actorKind: user.via === "token" ? "token" : "user", actorId: user.id, action: "settings.api_allow_list", details: { entries: saved }, ip });
  return { entries: saved };
});
