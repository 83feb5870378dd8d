import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { getDb, type Database } from "@/db";
import { userFromSession } from "@/lib/auth/session";
import type { CurrentUser } from "@/lib/auth/current-user";
import { can, PERMISSIONS, ROLE_LABELS, type Permission } from "@/lib/auth/roles";
import { userFromToken } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { requestIp } from "@/lib/request-ip";
import { ApiError, errorResponse, forbidden, unauthenticated } from "./errors";
import { isUuid } from "@/lib/uuid";

export interface ApiContext<P> {
  req: NextRequest;
  user: CurrentUser;
  params: P;
  db: Database;
  ip: string;
}

type Handler<P> = (ctx: ApiContext<P>) => Promise<Response | unknown>;

const PERMISSION_WORDS: Record<Permission, string> = {
  "inbox:use": "use the inbox",
  "flows:read": "read flows",
  "flows:edit": "edit flows",
  "simulator:use": "use the simulator",
  "channels:read": "see channels",
  "channels:manage": "manage channels",
  "users:manage": "manage users",
  "tokens:manage": "manage API tokens",
  "audit:read": "read the audit log",
};

/**
 * Wraps a /api/v1 route handler: authenticates (API token or session cookie), refuses
 * cross-site cookie mutations, checks the role on the server, and maps errors to the one
 * JSON error shape. A handler returning a plain value is answered as 200 JSON.
 */
export function apiRoute<P = Record<string, never>>(permission: Permission, handler: Handler<P>) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = await getDb();
      const user = await authenticate(req, db);
      if (!user) throw unauthenticated();
      if (user.via === "session" && isMutation(req.method)) assertSameOrigin(req);
      if (!can(user.role, permission)) {
        throw forbidden(
          `Your role (${ROLE_LABELS[user.role].label}) may not ${PERMISSION_WORDS[permission]}; it needs ${ROLE_LABELS[PERMISSIONS[permission]].label}.`,
        );
      }
      const result = await handler({ req, user, params: await context.params, db, ip: requestIp(req.headers) });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

async function authenticate(req: NextRequest, db: Database): Promise<CurrentUser | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, "unauthenticated", "The Authorization header must be `Bearer <token>`.");
    const user = await userFromToken(db, match[1]!);
    if (!user) throw new ApiError(401, "invalid_token", "This API token is unknown or has been revoked.");
    return user;
  }
  return userFromSession(req.headers);
}

const isMutation = (method: string) => !["GET", "HEAD", "OPTIONS"].includes(method);

/**
 * CSRF defence for cookie-authenticated mutations (on top of SameSite=Lax cookies):
 * browsers send Origin and Sec-Fetch-Site on cross-site requests, so refuse those.
 */
function assertSameOrigin(req: NextRequest) {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw forbidden("Cross-site request refused.");
  const origin = req.headers.get("origin");
  if (!origin) return;
  const allowed = new Set([new URL(env().publicUrl).origin, req.nextUrl.origin]);
  const host = req.headers.get("host");
  if (host) allowed.add(`${req.nextUrl.protocol}//${host}`);
  if (!allowed.has(origin)) throw forbidden("Cross-site request refused.");
}

/** Parses a JSON body with a zod schema: 400 when not JSON, 422 with the issues when invalid. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    const text = await req.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(400, "bad_json", "The request body is not valid JSON.");
  }
  return schema.parse(body);
}

export const created = (body: unknown) => NextResponse.json(body, { status: 201 });
export const noContent = () => new NextResponse(null, { status: 204 });


/** A path id that must be a UUID; anything else is simply "not found" (never a database error). */
export function uuidParam(value: string, what: string): string {
  if (!isUuid(value)) throw new ApiError(404, "not_found", `${what} not found.`);
  return value;
}

/** A positive integer path segment (e.g. a version number). */
export function intParam(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(404, "not_found", `${what} not found.`);
  return n;
}
