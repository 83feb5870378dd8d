import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { apiRoute, noContent, readJson } from "@/lib/api/handler";
import { channelPatchSchema, deleteChannel, getChannel, updateChannel } from "@/lib/messaging/channel-admin";

export const dynamic = "force-dynamic";

type Params = { id: string };
const channelId = (id: string) => {
  if (!z.uuid().safeParse(id).success) throw notFound("Channel");
  return id;
};

export const GET = apiRoute<Params>("channels:read", async ({ db, params }) => getChannel(db, channelId(params.id)));

export const PATCH = apiRoute<Params>("channels:manage", async ({ req, db, user, params, ip }) => {
  const patch = await readJson(req, channelPatchSchema);
  return updateChannel(db, user, channelId(params.id), patch, ip);
});

export const DELETE = apiRoute<Params>("channels:manage", async ({ db, user, params, ip }) => {
  await deleteChannel(db, user, channelId(params.id), ip);
  return noContent();
});
