import type { VerifyResult } from "../adapter";
import { hmac, safeEqual, sha256Hex } from "../shared/signature";
import { parseForm } from "./form";

/**
 * X-Twilio-Signature = base64(HMAC-SHA1(auth token, url + Σ sorted(name + value))).
 * Twilio signs the URL it called, which is the console URL (`publicWebhookUrl`) when the
 * app sits behind a proxy; with and without the default port are both accepted, like the SDK.
 */
export function verifyTwilioSignature(input: {
  rawBody: string;
  headers: Headers;
  url: string;
  authToken: string;
  publicWebhookUrl?: string;
  contentType?: string | null;
}): VerifyResult {
  const signature = input.headers.get("x-twilio-signature")?.trim();
  if (!signature) return { ok: false, reason: "missing X-Twilio-Signature header" };

  const urls = candidateUrls(input.url, input.publicWebhookUrl, input.headers);
  // JSON-bodied callbacks sign the URL alone and carry the body's hash in `bodySHA256`.
  const bodySha = bodyShaParam(urls[0] ?? input.url);
  const isJson = bodySha !== undefined || /json/i.test(input.contentType ?? input.headers.get("content-type") ?? "");
  if (bodySha !== undefined && !safeEqual(bodySha.toLowerCase(), sha256Hex(input.rawBody))) {
    return { ok: false, reason: "bodySHA256 mismatch" };
  }
  const params = isJson ? "" : signedParams(input.rawBody);

  let match = false;
  for (const url of urls) match = safeEqual(signature, hmac("sha1", input.authToken, url + params, "base64")) || match;
  return match ? { ok: true } : { ok: false, reason: "signature mismatch" };
}

/** Sorted by name; a repeated name contributes each distinct value, sorted. */
export function signedParams(rawBody: string): string {
  const byName = new Map<string, Set<string>>();
  for (const [k, v] of parseForm(rawBody)) {
    const set = byName.get(k) ?? new Set<string>();
    set.add(v);
    byName.set(k, set);
  }
  return [...byName.keys()]
    .sort()
    .map((k) => [...(byName.get(k) ?? [])].sort().map((v) => k + v).join(""))
    .join("");
}

function candidateUrls(requestUrl: string, publicUrl: string | undefined, headers: Headers): string[] {
  const bases: string[] = [];
  if (publicUrl) {
    // Status callbacks may carry our own query string; keep it when the configured URL has none.
    const query = requestUrl.includes("?") && !publicUrl.includes("?") ? requestUrl.slice(requestUrl.indexOf("?")) : "";
    bases.push(publicUrl + query);
  } else {
    bases.push(requestUrl);
    const forwarded = forwardedUrl(requestUrl, headers);
    if (forwarded) bases.push(forwarded);
  }
  return [...new Set(bases.flatMap(withAndWithoutDefaultPort))];
}

/** Behind a proxy the app sees http://localhost…; x-forwarded-* name what Twilio called. */
function forwardedUrl(requestUrl: string, headers: Headers): string | undefined {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (!host) return undefined;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "https";
  const rest = /^[a-z]+:\/\/[^/?#]*(.*)$/i.exec(requestUrl)?.[1] ?? "";
  return `${proto}://${host}${rest}`;
}

/** String surgery, not `new URL()`, which would re-encode the query Twilio signed. */
export function withAndWithoutDefaultPort(url: string): string[] {
  const m = /^(https?):\/\/([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme = "", host = "", port, rest = ""] = m;
  const defaultPort = scheme.toLowerCase() === "https" ? ":443" : ":80";
  if (port === undefined) return [url, `${scheme}://${host}${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}

function bodyShaParam(url: string): string | undefined {
  const q = url.indexOf("?");
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1).split("#")[0]).get("bodySHA256") ?? undefined;
}
