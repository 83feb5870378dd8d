import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { errorResponse } from "@/lib/api/errors";
import { readJson } from "@/lib/api/handler";
import { getAuth } from "@/lib/auth/auth";
import { needsSetup } from "@/lib/auth/session";
import { createOwner } from "@/lib/auth/users";
import { requestIp } from "@/lib/request-ip";

export const dynamic = "force-dynamic";

const setupSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.email("Enter a valid email address"),
  password: z.string().min(10, "Use at least 10 characters").max(128),
});

/** First run: is there an owner yet? */
export async function GET() {
  try {
    return NextResponse.json({ needsSetup: await needsSetup() });
  } catch (err) {
    return errorResponse(err);
  }
}

/** Creates the owner account (only while none exists) and signs them in. */
export async function POST(req: Request) {
  try {
    const input = await readJson(req, setupSchema);
    const owner = await createOwner(input);
    await recordAudit(await getDb(), {
      actorKind: "user",
      actorId: owner.id,
      action: "owner.created",
      targetType: "user",
      targetId: owner.id,
      ip: requestIp(req.headers),
    });
    const auth = await getAuth();
    const signedIn = await auth.api.signInEmail({
      body: { email: input.email, password: input.password },
      headers: req.headers,
      asResponse: true,
    });
    const res = NextResponse.json({ id: owner.id, email: owner.email, name: owner.name, role: owner.role }, { status: 201 });
    for (const cookie of signedIn.headers.getSetCookie()) res.headers.append("set-cookie", cookie);
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
