import type { SendPorts } from "../adapter";
import { classifyErrorResponse, networkSendError } from "../classify-error";
import { SendError } from "../errors";

const DEFAULT_TIMEOUT_MS = 15_000;

export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs to a provider and returns the parsed JSON answer. Every failure leaves as a
 * SendError: rejected fetch / timeout (retryable), non-2xx (classified from the body).
 */
export async function postToProvider(ports: SendPorts, request: ProviderRequest): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ports.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  let status: number;
  let text: string;
  try {
    const init = { method: "POST" as const, headers: request.headers, body: request.body, signal: controller.signal };
    const response = ports.post ? await ports.post(request.url, init) : await ports.fetch(request.url, init);
    status = response.status;
    text = await response.text();
  } catch (cause) {
    throw networkSendError(cause, timedOut);
  } finally {
    clearTimeout(timer);
  }

  const body = parseJsonOrText(text);
  if (status < 200 || status >= 300) throw classifyErrorResponse(status, body);
  return body;
}

function parseJsonOrText(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A 2xx without a message id. Not retryable: the provider may well have sent it. */
export function badResponse(body: unknown): SendError {
  return new SendError({
    code: "bad_response",
    title: "Unreadable provider answer",
    retryable: false,
    details: typeof body === "string" ? body.slice(0, 500) : JSON.stringify(body ?? null).slice(0, 500),
  });
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
