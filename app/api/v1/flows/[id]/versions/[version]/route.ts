import { apiRoute, intParam, uuidParam } from "@/lib/api/handler";
import { flowVersionDetail } from "@/lib/flow/store/versions";

export const dynamic = "force-dynamic";

/** A published version's document and what it changed against the previous one. */
export const GET = apiRoute<{ id: string; version: string }>("flows:read", async ({ db, params }) =>
  flowVersionDetail(db, uuidParam(params.id, "Flow"), intParam(params.version, "Version")),
);
