import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { phoneMessages, sendFromPhone, simulatorReadSchema, simulatorSendSchema } from "@/lib/sandbox/simulator";

export const dynamic = "force-dynamic";

export const GET = apiRoute("simulator:use", async ({ req, db }) => {
  const { waId } = simulatorReadSchema.parse({ waId: req.nextUrl.searchParams.get("waId") ?? "" });
  return phoneMessages(db, waId);
});

export const POST = apiRoute("simulator:use", async ({ req, db }) => {
  const input = await readJson(req, simulatorSendSchema);
  return NextResponse.json(await sendFromPhone(db, input), { status: 202 });
});
