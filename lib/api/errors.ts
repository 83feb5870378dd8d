import { NextResponse } from "next/server";
import { z } from "zod";
import { EmbeddedDbBusyError } from "@/db/client";
import { log } from "@/lib/log";

/** The one error shape of the JSON API: `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
    /** Extra top-level fields of the body, e.g. `problems` of a refused publish. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const unauthenticated = () =>
  new ApiError(401, "unauthenticated", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found.`);
export const conflict = (message: string) => new ApiError(409, "conflict", message);

export function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ApiError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) }, ...err.extra },
      { status: err.status, headers: err.headers },
    );
  }
  if (err instanceof z.ZodError) {
    const issues = zodIssues(err);
    return NextResponse.json(
      { error: { code: "invalid", message: `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues } },
      { status: 422 },
    );
  }
  if (err instanceof EmbeddedDbBusyError) {
    return NextResponse.json({ error: { code: "db_busy", message: err.message } }, { status: 503 });
  }
  log.error({ err }, "unhandled API error");
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side; it has been logged." } }, { status: 500 });
}
