import { apiRoute, readJson } from "@/lib/api/handler";
import { apiTestSchema, testApiCall } from "@/lib/flow/runtime/preview";

export const dynamic = "force-dynamic";

/** The inspector's API-call tester: performs the request and shows what would be mapped. */
export const POST = apiRoute("flows:edit", async ({ req, db }) => testApiCall(db, await readJson(req, apiTestSchema)));
