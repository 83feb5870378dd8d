import { apiRoute } from "@/lib/api/handler";
import { assignableUsers } from "@/db/queries/users";

export const dynamic = "force-dynamic";

/** Everyone a conversation can be assigned to (every role works in the inbox). */
export const GET = apiRoute("inbox:use", async ({ db }) => ({ items: await assignableUsers(db) }));
