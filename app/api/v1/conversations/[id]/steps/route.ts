import { findConversationWithContact } from "@/db/queries/messages";
import { conversationSteps } from "@/db/queries/steps";
import { notFound } from "@/lib/api/errors";
import { apiRoute, uuidParam } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

/** The step log of a conversation: every block its bot sessions walked, oldest first. */
export const GET = apiRoute<{ id: string }>("inbox:use", async ({ db, params }) => {
  const id = uuidParam(params.id, "Conversation");
  if (!(await findConversationWithContact(db, id))) throw notFound("Conversation");
  return { items: await conversationSteps(db, id) };
});
