import { apiRoute, readJson } from "@/lib/api/handler";
import { requireSandbox } from "@/lib/sandbox/channel";
import { faultsSchema, setFaults } from "@/lib/sandbox/faults";

export const dynamic = "force-dynamic";

export const PUT = apiRoute("simulator:use", async ({ req, db }) => {
  const patch = await readJson(req, faultsSchema.partial());
  await requireSandbox(db);
  return setFaults(db, patch);
});
