import type { Queryable } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface AuditEntry {
  actorKind: "user" | "token" | "system";
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(db: Queryable, entry: AuditEntry) {
  await db.insert(auditLog).values(entry);
}
