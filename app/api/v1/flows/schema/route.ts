import { apiRoute } from "@/lib/api/handler";
import { flowJsonSchema } from "@/lib/flow";

export const dynamic = "force-dynamic";

/** The JSON Schema of the flow document, generated from the zod schemas. */
export const GET = apiRoute("flows:read", async () => flowJsonSchema());
