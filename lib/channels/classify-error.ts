import { lookupError } from "./error-catalog";
import { SendError } from "./errors";
import { asBoolean, asObject, asText } from "./shared/json";

/**
 * Turns a provider's error answer into a SendError. The shape is recognised rather than
 * chosen by provider, because 360dialog forwards Meta errors and YCloud wraps them.
 * Retry policy: a code we know decides; otherwise Meta's `is_transient`; otherwise the
 * HTTP status (429 and 5xx retry, other 4xx do not).
 */
export function classifyErrorResponse(httpStatus: number, body: unknown): SendError {
  const parsed = readProviderError(body);
  const code = parsed.code ?? `http_${httpStatus}`;
  const known = lookupError(parsed.code) ?? lookupError(`http_${httpStatus}`);
  const retryable = lookupError(parsed.code)?.retryable ?? parsed.transient ?? isRetryableStatus(httpStatus);
  return new SendError({
    code,
    title: parsed.userTitle ?? known?.title ?? parsed.message ?? `HTTP ${httpStatus}`,
    retryable,
    httpStatus,
    details: parsed.details ?? parsed.message,
    message: parsed.message ?? `Provider answered HTTP ${httpStatus}`,
  });
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** fetch rejected: DNS, connection reset, TLS… or our own timeout. Both are worth retrying. */
export function networkSendError(cause: unknown, timedOut: boolean): SendError {
  const info = lookupError(timedOut ? "timeout" : "network");
  return new SendError({
    code: timedOut ? "timeout" : "network",
    title: info?.title ?? (timedOut ? "Provider timed out" : "Network error"),
    retryable: true,
    details: cause instanceof Error ? cause.message : undefined,
    cause,
  });
}

interface ParsedProviderError {
  code?: string;
  message?: string;
  details?: string;
  userTitle?: string;
  transient?: boolean;
}

function readProviderError(body: unknown): ParsedProviderError {
  const root = asObject(body);
  if (!root) return typeof body === "string" && body.trim() ? { message: body.trim().slice(0, 500) } : {};
  const error = asObject(root.error);

  if (error) {
    // YCloud: {error:{status, code:"TOO_MANY_REQUESTS", message, whatsappApiError:{code:"131056", …}}}
    const wa = asObject(error.whatsappApiError);
    if (wa) {
      return {
        code: asText(wa.code) ?? asText(error.code),
        message: asText(wa.message) ?? asText(error.message),
        details: readDetails(wa.error_data) ?? asText(error.message),
      };
    }
    // Meta / 360dialog: {error:{message, type, code:131030, error_subcode, error_data:{details}, is_transient?}}
    return {
      code: asText(error.code),
      message: asText(error.message),
      details: readDetails(error.error_data) ?? asText(error.error_user_msg),
      userTitle: asText(error.error_user_title),
      transient: asBoolean(error.is_transient),
    };
  }

  // Twilio: {code: 21211, message, more_info, status}
  if (root.code !== undefined && (root.message !== undefined || root.more_info !== undefined)) {
    return { code: asText(root.code), message: asText(root.message), details: asText(root.more_info) };
  }

  // 360dialog legacy: {meta:{…}, errors:[{code, title, details}]}
  const first = Array.isArray(root.errors) ? asObject(root.errors[0]) : undefined;
  if (first) return { code: asText(first.code), message: asText(first.title) ?? asText(first.message), details: asText(first.details) };

  return { message: asText(root.message) };
}

function readDetails(errorData: unknown): string | undefined {
  return asText(asObject(errorData)?.details) ?? asText(errorData);
}
