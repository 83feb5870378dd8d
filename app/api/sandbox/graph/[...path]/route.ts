import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db";
import { afterResponse } from "@/lib/messaging/background";
import { handleGraphPost } from "@/lib/sandbox/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The sandbox channel's Graph API (Meta-compatible). Open like the webhooks, but every
 * call must carry the sandbox channel's access token.
 */
export async function POST(req: NextRequest, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const answer = await handleGraphPost(await getDb(), { path, authorization: req.headers.get("authorization"), rawBody: await req.text() });
  if (answer.after) afterResponse("sandbox status webhooks", answer.after);
  return NextResponse.json(answer.body, { status: answer.status });
}
