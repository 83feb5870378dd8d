import { apiRoute } from "@/lib/api/handler";
import { markConversationRead } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("inbox:use", async ({ db, params }) => markConversationRead(db, params.id));
