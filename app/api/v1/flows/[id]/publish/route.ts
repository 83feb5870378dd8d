import { apiRoute, readJson, uuidParam } from "@/lib/api/handler";
import { publishSchema } from "@/lib/flow/store/schemas";
import { publishFlow } from "@/lib/flow/store/versions";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("flows:edit", async ({ req, db, user, params }) => {
  const { note } = await readJson(req, publishSchema);
  return publishFlow(db, user, uuidParam(params.id, "Flow"), note);
});
