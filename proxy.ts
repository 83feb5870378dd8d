import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the requested path to server components (so a signed-out visitor returns to the
 * page they asked for after signing in). Authentication itself is checked in every page
 * and route handler, not here.
 */
export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set("x-tickflow-path", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|icon.svg|favicon.ico).*)"],
};
