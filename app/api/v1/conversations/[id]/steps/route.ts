import { apiRoute } from "@/lib/api/handler";
import { sessionPath } from "@/lib/inbox/panels";

export const dynamic = "force-dynamic";

/** The step log of a conversation (every block its bot sessions walked, oldest first) with block labels and the sessions. */
export const GET = apiRoute<{ id: string }>("inbox:use", async ({ db, params }) => sessionPath(db, params.id));
