import { apiRoute, readJson } from "@/lib/api/handler";
import { contactPanel } from "@/lib/inbox/panels";
import { assignConversation, conversationPatchSchema } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

type Params = { id: string };

/** The conversation with its contact panel: attributes, opt-out, the 24-hour window, past sessions. */
export const GET = apiRoute<Params>("inbox:use", async ({ db, params }) => contactPanel(db, params.id));

/** `{ assignedUserId }` (a user id, or null to unassign). */
export const PATCH = apiRoute<Params>("inbox:use", async ({ req, db, user, params, ip }) => {
  const { assignedUserId } = await readJson(req, conversationPatchSchema);
  return assignConversation(db, user, params.id, assignedUserId, ip);
});
