import { getDb } from "@/db";
import { clearThrottle, readThrottle, recordFailure } from "@/db/queries/throttle";
import { env } from "@/lib/env";
import { childLog } from "@/lib/log";
import { requestIp } from "@/lib/request-ip";

const log = childLog("auth");

/**
 * Brute-force refusal for email sign-in, per account and per IP, stored in the database
 * so every app instance sees the same counts. better-auth's own limiter caps request
 * rates; this one counts wrong passwords and says plainly when to try again.
 */
export async function guardSignIn(req: Request, signIn: (req: Request) => Promise<Response>): Promise<Response> {
  const e = env();
  const db = await getDb();
  let email = "";
  try {
    email = String(((await req.clone().json()) as { email?: unknown }).email ?? "").trim().toLowerCase();
  } catch {
    /* better-auth answers the malformed body itself */
  }
  const ip = requestIp(req.headers);
  const accountKey = `acct:${email}`;
  const ipKey = `ip:${ip}`;
  const now = Date.now();
  for (const row of await readThrottle(db, [accountKey, ipKey])) {
    if (row.lockedUntil && row.lockedUntil.getTime() > now) {
      const minutes = Math.max(1, Math.ceil((row.lockedUntil.getTime() - now) / 60_000));
      const who = row.key === accountKey ? "this account" : "your network address";
      log.warn({ key: row.key, ip }, "sign-in refused: too many failures");
      return Response.json(
        {
          code: "TOO_MANY_ATTEMPTS",
          message: `Too many failed sign-ins for ${who}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        },
        { status: 429, headers: { "Retry-After": String(minutes * 60) } },
      );
    }
  }
  const res = await signIn(req);
  if (res.status === 401 || res.status === 400) {
    await recordFailure(db, accountKey, e.SIGNIN_MAX_FAILURES_PER_ACCOUNT, e.SIGNIN_LOCK_MINUTES);
    await recordFailure(db, ipKey, e.SIGNIN_MAX_FAILURES_PER_IP, e.SIGNIN_LOCK_MINUTES);
    log.info({ email, ip }, "sign-in failed");
  } else if (res.ok) {
    await clearThrottle(db, accountKey);
  }
  return res;
}
