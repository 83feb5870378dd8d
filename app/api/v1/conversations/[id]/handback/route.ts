import { apiRoute, readJson } from "@/lib/api/handler";
import { changeConversationMode, handbackSchema } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

/** `{ resume: true }` (default): the bot continues where its session waits; `false`: it starts afresh. */
export const POST = apiRoute<{ id: string }>("inbox:use", async ({ req, db, user, params, ip }) => {
  const { resume } = await readJson(req, handbackSchema);
  return changeConversationMode(db, user, params.id, "handback", ip, { resume });
});
