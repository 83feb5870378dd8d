import { z } from "zod";
import type { Queryable } from "@/db/client";
import { readSetting, writeSetting } from "@/db/queries/settings";

/**
 * The admin's allow-list for API-call blocks: hosts and addresses that may be called even
 * though they are private (an internal CRM, a local test server). Read on every call, so a
 * change applies at once on every instance.
 */
const KEY = "api_call_allow_list";

const entry = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^([a-z0-9-]+(\.[a-z0-9-]+)*|[0-9a-f:.]+(\/\d{1,3})?)$/i, "Use a host name (crm.internal), an IP address or a CIDR range (10.0.0.0/8)");

export const allowListSchema = z.object({ entries: z.array(entry).max(100) });

export async function readAllowList(db: Queryable): Promise<string[]> {
  return z.array(z.string()).catch([]).parse((await readSetting(db, KEY)) ?? []);
}

export async function writeAllowList(db: Queryable, entries: string[]) {
  const unique = [...new Set(entries.map((e) => e.toLowerCase()))];
  await writeSetting(db, KEY, unique);
  return unique;
}
