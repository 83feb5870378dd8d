import { apiRoute, created, readJson } from "@/lib/api/handler";
import { addNote, noteSchema } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

/** An internal note in the thread: agents see it, the customer never does. */
export const POST = apiRoute<{ id: string }>("inbox:use", async ({ req, db, user, params }) => {
  const { text } = await readJson(req, noteSchema);
  return created(await addNote(db, user, params.id, text));
});
