import { singlePlaceholder } from "../../template";
import type { HttpRequest } from "../../types";
import type { ExecuteContext } from "../types";
import { apiCallDefaults, type ApiCallSettings } from "./schema";

/**
 * Builds the outgoing request, or explains why it cannot be built. Values in the URL
 * after the host are percent-encoded so a customer's text cannot change the path or
 * add query parameters; a variable that is the whole base URL is left as it is.
 */
export function buildRequest(ctx: ExecuteContext<ApiCallSettings>): { request: HttpRequest } | { error: string } {
  const { settings } = ctx;
  const template = settings.url?.trim() ?? "";
  const hostEnd = pathStart(template);
  const url = ctx.render(template, {
    encode: (value, offset) => (hostEnd !== -1 && offset >= hostEnd ? encodeURIComponent(value) : value),
  });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `“${url}” is not a valid URL.` };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return { error: "Only http and https URLs can be called." };

  const method = settings.method ?? apiCallDefaults.method;
  const headers: Record<string, string> = {};
  for (const h of settings.headers ?? []) headers[h.name] = ctx.render(h.value).replace(/[\r\n]+/g, " ");

  let body: string | undefined;
  if (settings.body?.trim() && method !== "GET") {
    try {
      body = JSON.stringify(fillJson(JSON.parse(settings.body), ctx));
    } catch {
      return { error: "The request body is not valid JSON." };
    }
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
  }
  const seconds = settings.timeoutSeconds ?? apiCallDefaults.timeoutSeconds;
  return {
    request: {
      method,
      url: parsed.toString(),
      headers,
      ...(body !== undefined ? { body } : {}),
      timeoutMs: Math.max(1000, Math.min(seconds * 1000, ctx.limits.maxHttpTimeoutMs)),
      maxResponseBytes: ctx.limits.maxResponseBytes,
    },
  };
}

/**
 * Where encoding starts: the first "/" or "?" after "scheme://host", or — when the URL
 * begins with a variable holding the base URL — right after that variable.
 */
function pathStart(template: string): number {
  const scheme = template.indexOf("://");
  if (scheme === -1) {
    const base = /^\s*\{\{[^{}]*\}\}/.exec(template);
    return base ? base[0].length : -1;
  }
  const ends = [template.indexOf("/", scheme + 3), template.indexOf("?", scheme + 3)].filter((i) => i !== -1);
  return ends.length ? Math.min(...ends) : template.length;
}

function fillJson(value: unknown, ctx: ExecuteContext<ApiCallSettings>): unknown {
  if (typeof value === "string") {
    const path = singlePlaceholder(value);
    return path ? (ctx.get(path) ?? null) : ctx.render(value);
  }
  if (Array.isArray(value)) return value.map((v) => fillJson(v, ctx));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, ctx)]));
  }
  return value;
}
