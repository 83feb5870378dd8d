import { getDb } from "@/db";
import { errorResponse, forbidden, unauthenticated } from "@/lib/api/errors";
import { can } from "@/lib/auth/roles";
import { userFromToken } from "@/lib/auth/tokens";
import { safeEqual } from "@/lib/crypto";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: `Authorization: Bearer <METRICS_TOKEN or an admin API token>`. */
export async function GET(req: Request) {
  try {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    if (!token) throw unauthenticated();
    const configured = env().METRICS_TOKEN;
    if (!(configured && safeEqual(token, configured))) {
      const user = await userFromToken(await getDb(), token);
      if (!user) throw unauthenticated();
      if (!can(user.role, "audit:read")) throw forbidden("Metrics need METRICS_TOKEN or an admin's API token.");
    }
    return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
  } catch (err) {
    return errorResponse(err);
  }
}
