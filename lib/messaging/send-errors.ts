import type { MessageError } from "@/db/schema";
import { SendError } from "@/lib/channels/errors";

/**
 * How the dispatcher reads a failed provider call. True when the provider may have
 * received the request although we got no answer: a timeout, or a connection that broke
 * mid-call (the dispatcher holds such a send back longer, so that a status webhook can
 * settle it before it is tried again). A refused connection or a failed DNS lookup
 * never reached it.
 */
export function sendInDoubt(error: SendError): boolean {
  if (error.code === "timeout") return true;
  if (error.code !== "network") return false;
  return !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(`${error.details ?? ""} ${causeCode(error.cause)}`);
}

/** The `code`s along an error's cause chain (undici wraps the socket's error once or twice). */
function causeCode(cause: unknown): string {
  let c: unknown = cause;
  const codes: string[] = [];
  for (let i = 0; i < 4 && c && typeof c === "object"; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    c = (c as { cause?: unknown }).cause;
  }
  return codes.join(" ");
}

/** Anything a send threw, as a SendError: an unexpected one is retryable, with its message kept. */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  return new SendError({ code: "internal", title: "Unexpected error while sending", retryable: true, details: err instanceof Error ? err.message : String(err), cause: err });
}

/** What the message row stores (and the failed tick's tooltip shows). */
export function toMessageError(err: SendError): MessageError {
  return { code: err.code, title: err.title, ...(err.details ? { details: err.details } : {}), ...(err.message && err.message !== `${err.code}: ${err.title}` ? { message: err.message } : {}) };
}
