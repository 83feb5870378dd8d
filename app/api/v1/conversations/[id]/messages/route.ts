import { apiRoute, created, readJson } from "@/lib/api/handler";
import { agentMessageSchema, listMessages, messageListQuery, sendAgentMessage } from "@/lib/messaging/conversations";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = apiRoute<Params>("inbox:use", async ({ req, db, params }) =>
  listMessages(db, params.id, messageListQuery.parse(Object.fromEntries(req.nextUrl.searchParams))),
);

export const POST = apiRoute<Params>("inbox:use", async ({ req, user, params }) =>
  created(await sendAgentMessage(user, params.id, await readJson(req, agentMessageSchema))),
);
