/**
 * Exponential backoff with jitter: base × 2^(attempt-1), capped, then a random factor in
 * [0.5, 1] so retries from many messages do not arrive at the provider in lockstep.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return exp * (0.5 + 0.5 * random());
}
