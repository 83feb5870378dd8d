import { apiRoute, created, readJson } from "@/lib/api/handler";
import { createQuickReply, quickReplies, quickReplySchema } from "@/lib/inbox/quick-replies";

export const dynamic = "force-dynamic";

export const GET = apiRoute("inbox:use", async ({ db }) => quickReplies(db));

export const POST = apiRoute("inbox:use", async ({ req, db, user }) => created(await createQuickReply(db, user.id, await readJson(req, quickReplySchema))));
