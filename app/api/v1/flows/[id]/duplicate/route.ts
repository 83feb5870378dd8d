import { apiRoute, created, uuidParam } from "@/lib/api/handler";
import { duplicateFlow } from "@/lib/flow/store/drafts";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("flows:edit", async ({ db, user, params }) =>
  created(await duplicateFlow(db, user, uuidParam(params.id, "Flow"))),
);
