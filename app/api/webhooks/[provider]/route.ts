import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { afterResponse } from "@/lib/messaging/background";
import { receiveWebhook } from "@/lib/messaging/intake";
import { processEvents } from "@/lib/messaging/process";
import { decodeWebhookBody, NOT_UTF8_ERROR } from "@/lib/messaging/webhook-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ provider: string }> };

/** GET: Meta's hub.challenge handshake. POST: verify → store → 200 → process after the response. */
async function handle(req: NextRequest, { params }: Params): Promise<Response> {
  const { provider } = await params;
  // A body far past the limit is refused unread; anything near it is read once and judged after verification.
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > env().WEBHOOK_MAX_BODY_BYTES * 4) return Response.json({ error: "body too large" }, { status: 413 });
  // Decoded strictly, byte for byte: the signature covers the exact bytes (lib/messaging/webhook-body.ts).
  const rawBody = req.method === "POST" ? decodeWebhookBody(await req.arrayBuffer()) : "";
  if (rawBody === null) return Response.json({ error: NOT_UTF8_ERROR }, { status: 400 });
  let result;
  try {
    result = await receiveWebhook({ provider, method: req.method, url: req.url, headers: req.headers, rawBody });
  } catch (err) {
    // Not stored, so not acknowledged: the provider will deliver it again.
    log.error({ err, provider }, "webhook could not be stored");
    return Response.json({ error: "temporarily unavailable" }, { status: 503 });
  }
  if (result.eventIds.length > 0) afterResponse("webhook processing", () => processEvents(result.eventIds));
  return new Response(result.body, { status: result.status, headers: result.headers });
}

export const GET = handle;
export const POST = handle;
