import { apiRoute } from "@/lib/api/handler";
import { conversationListQuery, listConversations } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

export const GET = apiRoute("inbox:use", async ({ req, db, user }) =>
  listConversations(db, conversationListQuery.parse(Object.fromEntries(req.nextUrl.searchParams)), user.id),
);
