import { apiRoute } from "@/lib/api/handler";
import { liveHub } from "@/lib/live/hub";
import { liveStream, parseSince } from "@/lib/live/stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The inbox's live feed as Server-Sent Events: conversation and message changes as they
 * commit, on any instance. Resumes from Last-Event-ID (the browser's reconnect) or
 * `?since=`. `no-transform` keeps compression from buffering the stream.
 */
export const GET = apiRoute("inbox:use", async ({ req }) => {
  const since = parseSince(req.headers.get("last-event-id") ?? req.nextUrl.searchParams.get("since"));
  const stream = liveStream(await liveHub(), { since, signal: req.signal });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    },
  });
});
