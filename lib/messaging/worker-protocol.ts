import { background } from "./background";
import { processEvents, takeRemembered, type RememberedEvent } from "./process";

/**
 * The main thread ↔ processing worker messages (lib/messaging/processing-worker.ts,
 * started by server.mjs), and the main thread's side of the handover.
 */
export type ToWorker =
  /** Events the main thread stored and answered, with their parsed form when it has it. */
  | { type: "events"; ids: number[]; events: RememberedEvent[] }
  /** Shutdown: answer `drained` once the worker's running work is done (or after the timeout). */
  | { type: "drain"; timeoutMs: number };

export type FromWorker = { type: "ready" } | { type: "drained" } | { type: "failed"; error: string };

/** What server.mjs registers once the worker is ready. */
export interface ProcessingWorkerPort {
  post(message: ToWorker): void;
}

const g = globalThis as unknown as { __tickflowProcessingWorker?: ProcessingWorkerPort };

/**
 * After a webhook's answer: its stored events go to the processing worker when one runs,
 * else they are processed here, in the background.
 */
export function processStoredEvents(ids: number[]): void {
  const worker = g.__tickflowProcessingWorker;
  if (worker) worker.post({ type: "events", ids, events: takeRemembered(ids) });
  else background("webhook processing", () => processEvents(ids));
}
