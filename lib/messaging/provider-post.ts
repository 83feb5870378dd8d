import { request } from "undici";
import type { ProviderPost } from "@/lib/channels/adapter";

/**
 * The dispatcher's HTTP client for provider sends: undici's `request` over its global
 * keep-alive pool. `fetch` (undici underneath too) builds a WHATWG Request, Response,
 * Headers and a web stream per call — in the closed-loop profile about 8 % of the app's
 * samples went to fetch's machinery; a send only needs the status and the body text.
 */
export const providerPost: ProviderPost = async (url, init) => {
  const response = await request(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
  return { status: response.statusCode, text: () => response.body.text() };
};
