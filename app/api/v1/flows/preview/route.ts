import { apiRoute, readJson } from "@/lib/api/handler";
import { previewSchema, runPreview } from "@/lib/flow/runtime/preview";

export const dynamic = "force-dynamic";

/** Runs a draft privately for the builder's phone preview (nothing stored, nothing sent). */
export const POST = apiRoute("flows:edit", async ({ req, db }) => runPreview(db, await readJson(req, previewSchema)));
