import { apiRoute, readJson } from "@/lib/api/handler";
import { readOnPhone, simulatorReadSchema } from "@/lib/sandbox/simulator";

export const dynamic = "force-dynamic";

export const POST = apiRoute("simulator:use", async ({ req, db }) => {
  const { waId } = await readJson(req, simulatorReadSchema);
  return readOnPhone(db, waId);
});
