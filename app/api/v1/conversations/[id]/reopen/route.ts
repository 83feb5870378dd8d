import { apiRoute } from "@/lib/api/handler";
import { changeConversationMode } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("inbox:use", async ({ db, user, params, ip }) => changeConversationMode(db, user, params.id, "reopen", ip));
