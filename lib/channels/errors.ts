/**
 * Typed errors of the channel layer. The outbound pipeline stores `code` + `title` on the
 * message and decides on `retryable`; the webhook route maps BadPayloadError to 400.
 */
export class SendError extends Error {
  readonly code: string;
  readonly title: string;
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly details?: string;

  constructor(init: { code: string; title: string; retryable: boolean; httpStatus?: number; details?: string; message?: string; cause?: unknown }) {
    super(init.message ?? `${init.code}: ${init.title}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "SendError";
    this.code = init.code;
    this.title = init.title;
    this.retryable = init.retryable;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.details !== undefined) this.details = init.details;
  }
}

/** The body is not JSON / form data at all. Any other odd shape becomes an UnknownEvent instead. */
export class BadPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadPayloadError";
  }
}

export function isSendError(error: unknown): error is SendError {
  return error instanceof SendError;
}
