import type { Executor } from "../types";
import { readJsonPath } from "./mapping";
import { buildRequest } from "./request";
import type { ApiCallSettings } from "./schema";

/**
 * Entering emits an http effect and waits; the runtime performs it (SSRF guard, size
 * cap, timeout) and resumes the block with an http_result event.
 */
export const executeApiCall: Executor<ApiCallSettings> = (ctx) => {
  const resume = ctx.resume;
  if (resume?.kind === "http_result") {
    const { result } = resume;
    const api = { ok: result.ok, status: result.status, response: result.body, error: result.error, durationMs: result.durationMs };
    if (!result.ok) return { api, next: "error" };
    const set: Record<string, unknown> = {};
    for (const m of ctx.settings.mappings ?? []) set[m.variable] = readJsonPath(result.body, m.path);
    return { api, set, next: "success" };
  }

  const built = buildRequest(ctx);
  if ("error" in built) return { api: { ok: false, error: built.error }, next: "error" };
  return {
    effects: [{ type: "http", blockId: ctx.blockId, requestId: ctx.requestId, request: built.request }],
    wait: { kind: "http", requestId: ctx.requestId },
  };
};
