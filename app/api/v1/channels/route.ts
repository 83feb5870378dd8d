import { apiRoute, created, readJson } from "@/lib/api/handler";
import { createChannel, listChannels, newChannelSchema } from "@/lib/messaging/channel-admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute("channels:read", async ({ db }) => listChannels(db));

export const POST = apiRoute("channels:manage", async ({ req, db, user, ip }) => {
  const input = await readJson(req, newChannelSchema);
  return created(await createChannel(db, user, input, ip));
});
