import { z } from "zod";
import { apiRoute, created, readJson } from "@/lib/api/handler";
import { importFlow } from "@/lib/flow/store/transfer";

export const dynamic = "force-dynamic";

export const POST = apiRoute("flows:edit", async ({ req, db, user }) => {
  const name = req.nextUrl.searchParams.get("name") ?? undefined;
  return created(await importFlow(db, user, await readJson(req, z.unknown()), name));
});
