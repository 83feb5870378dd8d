import { apiRoute, uuidParam } from "@/lib/api/handler";
import { flowVersionList } from "@/lib/flow/store/versions";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("flows:read", async ({ db, params }) => flowVersionList(db, uuidParam(params.id, "Flow")));
