import { apiRoute, uuidParam } from "@/lib/api/handler";
import { flowStats, statsQuerySchema } from "@/lib/flow/store/stats";

export const dynamic = "force-dynamic";

/** Heat map data from the step log: ?version=&from=&to= (ISO dates; default the last 7 days). */
export const GET = apiRoute<{ id: string }>("flows:read", async ({ req, db, params }) =>
  flowStats(db, uuidParam(params.id, "Flow"), statsQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams))),
);
