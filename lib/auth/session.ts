import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { countUsers } from "@/db/queries/users";
import { getAuth } from "./auth";
import type { CurrentUser } from "./current-user";
import { isRole } from "./roles";

/** The signed-in user from the session cookie of a request's headers, or null. */
export async function userFromSession(h: Headers): Promise<CurrentUser | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: h });
  if (!session) return null;
  const role = (session.user as { role?: unknown }).role;
  if (!isRole(role)) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name, role, via: "session" };
}

/** For server components: the signed-in user, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  return userFromSession(await headers());
}

/** True until the owner account exists (first run). */
export async function needsSetup(): Promise<boolean> {
  return (await countUsers(await getDb())) === 0;
}

/**
 * For pages: the signed-in user, or a redirect — to /setup on first run, else to
 * /sign-in with the page to come back to.
 */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  if (await needsSetup()) redirect("/setup");
  const h = await headers();
  const next = h.get("x-tickflow-path");
  redirect(next && next.startsWith("/") && !next.startsWith("//") ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
}
