import { getAuth } from "@/lib/auth/auth";
import { guardSignIn } from "@/lib/auth/throttle";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return (await getAuth()).handler(req);
}

export async function POST(req: Request) {
  const auth = await getAuth();
  if (new URL(req.url).pathname.endsWith("/sign-in/email")) return guardSignIn(req, (r) => auth.handler(r));
  return auth.handler(req);
}
