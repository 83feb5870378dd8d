import type { DbHandle } from "./client";

/** Advisory-lock ids used across Tickflow (one place, so they never collide). */
export const LOCKS = {
  migrations: 728_374_001,
  owner: 728_374_002,
  bootstrap: 728_374_003,
} as const;

const local = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` while holding a cluster-wide lock: a session advisory lock on a reserved
 * PostgreSQL connection, or an in-process mutex on PGlite (one process owns it). `fn`
 * uses the normal pool, so it must not rely on the lock's connection.
 */
export async function withGlobalLock<T>(handle: DbHandle, id: number, fn: () => Promise<T>): Promise<T> {
  if (handle.kind === "pglite") {
    const key = String(id);
    const previous = local.get(key) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(fn);
    local.set(key, run);
    try {
      return await run;
    } finally {
      if (local.get(key) === run) local.delete(key);
    }
  }
  const reserved = await handle.sql!.reserve();
  try {
    await reserved`SELECT pg_advisory_lock(${id})`;
    try {
      return await fn();
    } finally {
      await reserved`SELECT pg_advisory_unlock(${id})`;
    }
  } finally {
    reserved.release();
  }
}
