import { apiRoute, intParam, uuidParam } from "@/lib/api/handler";
import { restoreVersion } from "@/lib/flow/store/versions";

export const dynamic = "force-dynamic";

/** Copies an old version into the draft. */
export const POST = apiRoute<{ id: string; version: string }>("flows:edit", async ({ db, user, params }) =>
  restoreVersion(db, user, uuidParam(params.id, "Flow"), intParam(params.version, "Version")),
);
