import { apiRoute } from "@/lib/api/handler";
import { simulatorState } from "@/lib/sandbox/simulator";

export const dynamic = "force-dynamic";

export const GET = apiRoute("simulator:use", async ({ db }) => simulatorState(db));
