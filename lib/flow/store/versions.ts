import { sql } from "drizzle-orm";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { activeSessionsByVersion, findVersion, insertVersion, listFlowSummaries, listVersions, lockFlow, updateFlow } from "@/db/queries/flows";
import { flowVersions } from "@/db/schema";
import { ApiError, notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { hasErrors, validateFlow } from "@/lib/flow";
import { diffDocuments } from "./diff";
import { invalidateChannelFlows } from "../runtime/flow-cache";
import { flowView, readDocument } from "./drafts";

const actorKind = (a: CurrentUser) => (a.via === "token" ? "token" : "user");

/**
 * Freezes the draft as the next immutable version. Refused (422, with every problem)
 * while the validator reports errors. Sessions already running stay on the version they
 * started on; the answer says how many are still on older versions.
 */
export async function publishFlow(db: Database, actor: CurrentUser, id: string, note?: string) {
  const knownFlowIds = (await listFlowSummaries(db)).map((f) => f.id);
  const published = await db.transaction(async (tx) => {
    const flow = await lockFlow(tx, id);
    if (!flow) throw notFound("Flow");
    const document = readDocument(flow.draft);
    const problems = validateFlow(document, { knownFlowIds });
    if (hasErrors(problems)) {
      const errors = problems.filter((p) => p.severity === "error");
      throw new ApiError(422, "flow_invalid", `The flow has ${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before publishing.`, undefined, undefined, { problems });
    }
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${flowVersions.version}), 0)::int + 1` })
      .from(flowVersions)
      .where(sql`${flowVersions.flowId} = ${id}`)) as [{ next: number }];
    await insertVersion(tx, { flowId: id, version: next, document: document as unknown as Record<string, unknown>, note: note || null, publishedBy: actor.id });
    await updateFlow(tx, id, { publishedVersion: next, updatedBy: actor.id });
    return { version: next, warnings: problems };
  });
  invalidateChannelFlows();
  const sessions = await activeSessionsByVersion(db, id);
  const olderSessions = sessions.filter((s) => s.version < published.version).reduce((n, s) => n + s.n, 0);
  await recordAudit(db, { actorKind: actorKind(actor), actorId: actor.id, action: "flow.published", targetType: "flow", targetId: id, details: { version: published.version, note } });
  return { version: published.version, problems: published.warnings, sessionsOnOlderVersions: olderSessions };
}

export async function flowVersionList(db: Database, id: string) {
  const items = await listVersions(db, id);
  return { items };
}

export async function flowVersionDetail(db: Database, id: string, version: number) {
  const row = await findVersion(db, id, version);
  if (!row) throw notFound(`Version ${version}`);
  const previous = version > 1 ? await findVersion(db, id, version - 1) : null;
  const document = readDocument(row.document);
  return {
    version: row.version,
    note: row.note,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    document,
    changes: diffDocuments(previous ? readDocument(previous.document) : null, document),
  };
}

/** Copies an old version into the draft (it is published again only when someone publishes). */
export async function restoreVersion(db: Database, actor: CurrentUser, id: string, version: number) {
  const row = await findVersion(db, id, version);
  if (!row) throw notFound(`Version ${version}`);
  const updated = await updateFlow(db, id, { draft: row.document, updatedBy: actor.id });
  if (!updated) throw notFound("Flow");
  await recordAudit(db, { actorKind: actorKind(actor), actorId: actor.id, action: "flow.version_restored", targetType: "flow", targetId: id, details: { version } });
  return flowView(updated);
}
