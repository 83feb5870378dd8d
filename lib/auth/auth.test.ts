import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as setupRoute from "@/app/api/setup/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { uniqueEmail } from "@/test/db";

/**
 * Accounts, roles and tokens end to end through the real route handlers and database:
 * setup, sign-in, brute-force refusal, role checks, CSRF, token revocation.
 */
const BASE = "http://localhost:3000";
const OWNER = { name: "Olivia Owner", email: uniqueEmail("owner"), password: "correct horse battery" };
const noParams = { params: Promise.resolve({}) } as never;
const withId = (id: string) => ({ params: Promise.resolve({ id }) }) as never;

function req(path: string, init: { method?: string; body?: unknown; cookie?: string; bearer?: string; ip?: string; origin?: string } = {}) {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": init.ip ?? "203.0.113.1" });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.bearer) headers.set("authorization", `Bearer ${init.bearer}`);
  if (init.origin) headers.set("origin", init.origin);
  return new NextRequest(`${BASE}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

async function signIn(email: string, password: string, ip?: string) {
  return authRoute.POST(req("/api/auth/sign-in/email", { method: "POST", body: { email, password }, ip, origin: BASE }));
}

let ownerCookie = "";

beforeAll(async () => {
  const first = await setupRoute.GET();
  expect(await first.json()).toEqual({ needsSetup: true });
  // Two setup requests at the same instant: exactly one becomes the owner.
  const [a, b] = await Promise.all([
    setupRoute.POST(req("/api/setup", { method: "POST", body: OWNER })),
    setupRoute.POST(req("/api/setup", { method: "POST", body: { ...OWNER, email: uniqueEmail("rival") } })),
  ]);
  const statuses = [a.status, b.status].sort();
  expect(statuses).toEqual([201, 409]);
  const winner = a.status === 201 ? a : b;
  ownerCookie = cookieOf(winner);
  expect(ownerCookie).toContain("tickflow.session_token=");
  const owner = (await winner.json()) as { email: string };
  OWNER.email = owner.email;
  OWNER.password = OWNER.password; // both used the same password
});

describe("accounts", () => {
  it("no longer offers setup once the owner exists", async () => {
    expect(await (await setupRoute.GET()).json()).toEqual({ needsSetup: false });
    const again = await setupRoute.POST(req("/api/setup", { method: "POST", body: { ...OWNER, email: uniqueEmail() } }));
    expect(again.status).toBe(409);
  });

  it("sets an http-only, same-site session cookie on sign-in", async () => {
    const res = await signIn(OWNER.email, OWNER.password, "198.51.100.7");
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("tickflow.session_token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await meRoute.GET(req("/api/v1/me", { cookie: cookieOf(res) }), noParams);
    expect(await me.json()).toMatchObject({ email: OWNER.email, role: "admin", via: "session" });
  });

  it("refuses sign-in after repeated wrong passwords, with a clear message", async () => {
    const email = uniqueEmail("victim");
    const created = await usersRoute.POST(
      req("/api/v1/users", { method: "POST", cookie: ownerCookie, origin: BASE, body: { name: "V", email, password: "the right password", role: "agent" } }),
      noParams,
    );
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 10; i++) {
      last = await signIn(email, `wrong password ${i}`, `192.0.2.${i + 1}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429]);
    const body = (await last!.json()) as { message: string };
    expect(body.message).toMatch(/Too many failed sign-ins for this account\. Try again in \d+ minutes?\./);
    // Even the right password waits until the lock ends.
    expect((await signIn(email, "the right password", "192.0.2.99")).status).toBe(429);
  });
});

describe("roles and tokens", () => {
  let agentCookie = "";
  let agentId = "";

  beforeAll(async () => {
    const email = uniqueEmail("agent");
    const res = await usersRoute.POST(
      req("/api/v1/users", { method: "POST", cookie: ownerCookie, origin: BASE, body: { name: "Ada Agent", email, password: "agent password 1", role: "agent" } }),
      noParams,
    );
    agentId = ((await res.json()) as { id: string }).id;
    agentCookie = cookieOf(await signIn(email, "agent password 1", "198.51.100.20"));
  });

  it("answers 401 to anonymous requests on every /api/v1 route", async () => {
    for (const res of [
      await usersRoute.GET(req("/api/v1/users"), noParams),
      await tokensRoute.GET(req("/api/v1/tokens"), noParams),
      await meRoute.GET(req("/api/v1/me"), noParams),
      await tokensRoute.POST(req("/api/v1/tokens", { method: "POST", body: { name: "x" } }), noParams),
    ]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    }
  });

  it("answers 403 to an agent on admin actions, checked on the server", async () => {
    const list = await usersRoute.GET(req("/api/v1/users", { cookie: agentCookie }), noParams);
    expect(list.status).toBe(403);
    expect(((await list.json()) as { error: { message: string } }).error.message).toMatch(/Agent.*may not manage users.*Admin/);
    const promote = await userRoute.PATCH(req(`/api/v1/users/${agentId}`, { method: "PATCH", cookie: agentCookie, origin: BASE, body: { role: "admin" } }), withId(agentId));
    expect(promote.status).toBe(403);
    const token = await tokensRoute.POST(req("/api/v1/tokens", { method: "POST", cookie: agentCookie, origin: BASE, body: { name: "mine" } }), noParams);
    expect(token.status).toBe(403);
  });

  it("lets an admin change roles, but never the owner's", async () => {
    const res = await userRoute.PATCH(req(`/api/v1/users/${agentId}`, { method: "PATCH", cookie: ownerCookie, origin: BASE, body: { role: "editor" } }), withId(agentId));
    expect(await res.json()).toMatchObject({ id: agentId, role: "editor" });
    const users = (await (await usersRoute.GET(req("/api/v1/users", { cookie: ownerCookie }), noParams)).json()) as { items: { id: string; isOwner: boolean }[] };
    const owner = users.items.find((u) => u.isOwner)!;
    const demote = await userRoute.PATCH(req(`/api/v1/users/${owner.id}`, { method: "PATCH", cookie: ownerCookie, origin: BASE, body: { role: "agent" } }), withId(owner.id));
    expect(demote.status).toBe(409);
    const bad = await userRoute.PATCH(req(`/api/v1/users/${agentId}`, { method: "PATCH", cookie: ownerCookie, origin: BASE, body: { role: "root" } }), withId(agentId));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe("role");
  });

  it("refuses cross-site cookie mutations", async () => {
    const res = await tokensRoute.POST(req("/api/v1/tokens", { method: "POST", cookie: ownerCookie, origin: "https://evil.example", body: { name: "x" } }), noParams);
    expect(res.status).toBe(403);
  });

  it("authenticates with a bearer token and stops the moment it is revoked", async () => {
    const res = await tokensRoute.POST(req("/api/v1/tokens", { method: "POST", cookie: ownerCookie, origin: BASE, body: { name: "ci" } }), noParams);
    expect(res.status).toBe(201);
    const { id, token, prefix } = (await res.json()) as { id: string; token: string; prefix: string };
    expect(token.startsWith(prefix)).toBe(true);
    const list = (await (await tokensRoute.GET(req("/api/v1/tokens", { bearer: token }), noParams)).json()) as { items: Record<string, unknown>[] };
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await meRoute.GET(req("/api/v1/me", { bearer: token }), noParams)).status).toBe(200);
    expect((await tokenRoute.DELETE(req(`/api/v1/tokens/${id}`, { method: "DELETE", cookie: ownerCookie, origin: BASE }), withId(id))).status).toBe(204);
    const after = await meRoute.GET(req("/api/v1/me", { bearer: token }), noParams);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("invalid_token");
  });

  it("answers 400 to a body that is not JSON", async () => {
    const r = new NextRequest(`${BASE}/api/v1/tokens`, { method: "POST", headers: { cookie: ownerCookie, origin: BASE }, body: "{nope" });
    const res = await tokensRoute.POST(r, noParams);
    expect(res.status).toBe(400);
  });
});
