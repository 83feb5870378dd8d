import { NextRequest } from "next/server";
import { users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { createApiToken } from "@/lib/auth/tokens";
import { testDb, unique } from "./db";

/** A user of the given role with an API token, for calling /api/v1 route handlers in tests. */
export async function userWithToken(role: Role) {
  const { db } = await testDb();
  const id = unique(role);
  await db.insert(users).values({ id, name: `Test ${role}`, email: `${id}@example.test`, role });
  const { token } = await createApiToken(db, { name: `test-${role}`, userId: id, createdBy: id });
  return { id, token };
}

/** A request as an API client would send it (JSON body, bearer token). */
export function apiRequest(path: string, init: { method?: string; body?: unknown; token?: string; rawBody?: string } = {}) {
  const headers = new Headers({ "content-type": "application/json" });
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers, body });
}

export const params = <P extends Record<string, unknown>>(p: P) => ({ params: Promise.resolve(p) }) as never;
export const noParams = params({});
