import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { dbHandle } from "@/db";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and `npm start` checks. */
export async function GET() {
  try {
    const handle = await dbHandle();
    await handle.db.execute(sql`SELECT 1`);
    return NextResponse.json({ ok: true, db: handle.kind });
  } catch (err) {
    log.error({ err }, "health check failed");
    return NextResponse.json({ ok: false, db: process.env.DATABASE_URL ? "postgres" : "pglite", error: "database unreachable" }, { status: 503 });
  }
}
