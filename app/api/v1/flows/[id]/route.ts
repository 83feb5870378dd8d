import { apiRoute, noContent, readJson, uuidParam } from "@/lib/api/handler";
import { getFlow, removeFlow, saveFlow } from "@/lib/flow/store/drafts";
import { updateFlowSchema } from "@/lib/flow/store/schemas";

export const dynamic = "force-dynamic";

type P = { id: string };

export const GET = apiRoute<P>("flows:read", async ({ db, params }) => getFlow(db, uuidParam(params.id, "Flow")));

/** Saves the draft (and name / channels / priority); `revision` guards against overwriting another tab. */
export const PUT = apiRoute<P>("flows:edit", async ({ req, db, user, params }) =>
  saveFlow(db, user, uuidParam(params.id, "Flow"), await readJson(req, updateFlowSchema)),
);

export const PATCH = PUT;

export const DELETE = apiRoute<P>("flows:edit", async ({ db, user, params }) => {
  await removeFlow(db, user, uuidParam(params.id, "Flow"));
  return noContent();
});
