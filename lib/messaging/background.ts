import { after } from "next/server";
import { childLog } from "@/lib/log";

const log = childLog("messaging");

/**
 * Work that runs after the HTTP answer: Next's `after()` inside a request, so serverless
 * hosts keep the function alive; plain background work elsewhere (tests, timers, the
 * sweeper). Every task is tracked so tests and shutdown can wait for quiet.
 */
const state = globalThis as unknown as { __tickflowBackground?: Set<Promise<unknown>> };
const pending = (state.__tickflowBackground ??= new Set());

export function track<T>(promise: Promise<T>): Promise<T> {
  pending.add(promise);
  promise.then(
    () => pending.delete(promise),
    () => pending.delete(promise),
  );
  return promise;
}

/** Runs `task` in the background, logging (never throwing) its failure. */
export function background(label: string, task: () => Promise<unknown>): void {
  void track(
    Promise.resolve()
      .then(task)
      .catch((err) => log.error({ err }, `${label} failed`)),
  );
}

/** After the response when inside a Next request; otherwise right away in the background. */
export function afterResponse(label: string, task: () => Promise<unknown>): void {
  try {
    after(() => track(task().catch((err) => log.error({ err }, `${label} failed`))));
  } catch {
    background(label, task);
  }
}

/** Resolves once no tracked background work is left (timers not yet due excluded). */
export async function whenIdle(timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`background work still running after ${timeoutMs} ms`);
    // Bounded even when a task never settles.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([...pending]), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
    clearTimeout(timer);
  }
}
