import { apiRoute, noContent, readJson, uuidParam } from "@/lib/api/handler";
import { editQuickReply, quickReplyPatchSchema, removeQuickReply } from "@/lib/inbox/quick-replies";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const PATCH = apiRoute<Params>("inbox:use", async ({ req, db, params }) =>
  editQuickReply(db, uuidParam(params.id, "Saved answer"), await readJson(req, quickReplyPatchSchema)),
);

export const DELETE = apiRoute<Params>("inbox:use", async ({ db, params }) => {
  await removeQuickReply(db, uuidParam(params.id, "Saved answer"));
  return noContent();
});
