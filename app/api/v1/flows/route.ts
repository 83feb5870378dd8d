import { apiRoute, created, readJson } from "@/lib/api/handler";
import { createFlow, listFlows } from "@/lib/flow/store/drafts";
import { createFlowSchema } from "@/lib/flow/store/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("flows:read", async ({ db }) => listFlows(db));

export const POST = apiRoute("flows:edit", async ({ req, db, user }) =>
  created(await createFlow(db, user, await readJson(req, createFlowSchema))),
);
