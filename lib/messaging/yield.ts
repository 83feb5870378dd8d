/**
 * Lets the event loop serve I/O that is ready (incoming webhooks above all) before going
 * on with background work: a setImmediate callback runs after the poll phase, where
 * request data and database answers are handled.
 */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
