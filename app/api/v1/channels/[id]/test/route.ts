import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { apiRoute, created, readJson } from "@/lib/api/handler";
import { sendTestMessage, testMessageSchema } from "@/lib/messaging/channel-admin";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>("channels:manage", async ({ req, user, params, ip }) => {
  if (!z.uuid().safeParse(params.id).success) throw notFound("Channel");
  const input = await readJson(req, testMessageSchema);
  return created(await sendTestMessage(user, params.id, input, ip));
});
