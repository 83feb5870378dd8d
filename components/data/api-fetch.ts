/**
 * Browser-side helper for Tickflow's JSON API. Every error response has the shape
 * `{ error: { code, message, issues? } }`; this turns it into an ApiError whose message
 * is the server's, so toasts and forms can show it as is.
 */
export interface ApiIssue {
  path: string | (string | number)[];
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The first issue reported for a field, e.g. `fieldError("email")`. */
  fieldError(field: string): string | undefined {
    return this.issues.find((issue) => {
      const path = Array.isArray(issue.path) ? issue.path.join(".") : issue.path;
      return path === field || path.split(".")[0] === field;
    })?.message;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: "Your session has ended. Sign in again.",
  403: "Your role does not allow this.",
  404: "Not found.",
  409: "This conflicts with the current state. Reload and try again.",
  429: "Too many attempts — wait a minute and try again.",
};

export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: { Accept: "application/json", ...(json !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }

  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;

  const error = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message
      ? error.message
      : (FALLBACK_MESSAGES[response.status] ?? `The server answered ${response.status}. Try again.`);
  throw new ApiError(
    response.status,
    typeof error?.code === "string" ? error.code : `http_${response.status}`,
    message,
    Array.isArray(error?.issues) ? (error.issues as ApiIssue[]) : [],
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}
