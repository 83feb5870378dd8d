import { NextResponse } from "next/server";
import { apiRoute, uuidParam } from "@/lib/api/handler";
import { exportFlow } from "@/lib/flow/store/transfer";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>("flows:read", async ({ db, params }) => {
  const body = await exportFlow(db, uuidParam(params.id, "Flow"));
  const file = `${body.name.replace(/[^\w.-]+/g, "-").toLowerCase() || "flow"}.json`;
  return NextResponse.json(body, { headers: { "content-disposition": `attachment; filename="${file}"` } });
});
