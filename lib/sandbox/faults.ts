import { z } from "zod";
import type { Queryable } from "@/db/client";
import { readSetting, writeSetting } from "@/db/queries/settings";

/** Fault switches of the mock Graph API, kept in the database so every instance agrees. */
export const faultsSchema = z.object({
  /** Never post `delivered` (the tick stays at sent until read). */
  dropDelivered: z.boolean(),
  /** Post `delivered` before `sent`. */
  reorder: z.boolean(),
  /** Post every status webhook twice. */
  duplicate: z.boolean(),
  /** Post `failed` with 131026 "Message undeliverable" instead of `delivered`. */
  fail131026: z.boolean(),
  /** Wait this long before each status webhook. */
  delayMs: z.number().int().min(0).max(60_000),
});
export type SandboxFaults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: SandboxFaults = { dropDelivered: false, reorder: false, duplicate: false, fail131026: false, delayMs: 0 };

const KEY = "sandbox.faults";

export async function getFaults(db: Queryable): Promise<SandboxFaults> {
  const stored = faultsSchema.partial().safeParse(await readSetting<unknown>(db, KEY));
  return { ...NO_FAULTS, ...(stored.success ? stored.data : {}) };
}

export async function setFaults(db: Queryable, patch: Partial<SandboxFaults>): Promise<SandboxFaults> {
  const next = { ...(await getFaults(db)), ...patch };
  await writeSetting(db, KEY, next);
  return next;
}
