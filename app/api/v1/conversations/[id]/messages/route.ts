import { apiRoute, created, readJson } from "@/lib/api/handler";
import { agentMessageSchema, listMessages, messageListQuery, sendAgentText } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = apiRoute<Params>("inbox:use", async ({ req, db, params }) =>
  listMessages(db, params.id, messageListQuery.parse(Object.fromEntries(req.nextUrl.searchParams))),
);

export const POST = apiRoute<Params>("inbox:use", async ({ req, user, params }) => {
  const { text } = await readJson(req, agentMessageSchema);
  return created(await sendAgentText(user, params.id, text));
});
