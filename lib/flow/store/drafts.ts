import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { deleteFlow, findFlow, insertFlow, listFlowSummaries, updateFlow, type FlowRow } from "@/db/queries/flows";
import { ApiError, notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { CURRENT_VERSION, safeParseFlowDocument, validateFlow, type FlowDocument, type Problem } from "@/lib/flow";
import { invalidateChannelFlows } from "../runtime/flow-cache";
import type { CreateFlowInput, UpdateFlowInput } from "./schemas";

/** An empty flow: a draft an operator starts from. */
export function emptyDocument(): FlowDocument {
  return { version: CURRENT_VERSION, blocks: [], edges: [] };
}

/**
 * Parses a document from the API (draft save or import). Anything the schema cannot read
 * is refused with the validator's problem list; graph problems (no trigger yet, an output
 * not connected) are fine in a draft and only block publishing.
 */
export function readDocument(input: unknown): FlowDocument {
  const parsed = safeParseFlowDocument(input);
  if (parsed.success) return parsed.data;
  const problems = validateFlow(input).filter((p) => p.severity === "error");
  const fallback: Problem[] = parsed.issues.map((i) => ({ severity: "error" as const, code: "invalid_document", message: `${i.path.join(".") || "document"}: ${i.message}` }));
  const listed = problems.length ? problems : fallback;
  throw new ApiError(
    422,
    "invalid_document",
    `The flow document is not valid: ${listed.map((p) => p.message).slice(0, 3).join(" ")}`,
    listed.map((p) => ({ path: p.blockId ? `blocks.${p.blockId}` : "document", message: p.message })),
    undefined,
    { problems: listed },
  );
}

export function flowView(row: FlowRow, knownFlowIds?: string[]) {
  const document = readDocument(row.draft);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    channelIds: row.channelIds,
    priority: row.priority,
    isFallback: row.isFallback,
    publishedVersion: row.publishedVersion,
    revision: row.draftRevision,
    document,
    problems: validateFlow(document, { knownFlowIds }),
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt,
  };
}

export async function listFlows(db: Database) {
  return { items: await listFlowSummaries(db) };
}

async function knownFlowIds(db: Database) {
  return (await listFlowSummaries(db)).map((f) => f.id);
}

export async function getFlow(db: Database, id: string) {
  const row = await findFlow(db, id);
  if (!row) throw notFound("Flow");
  return flowView(row, await knownFlowIds(db));
}

export async function createFlow(db: Database, actor: CurrentUser, input: CreateFlowInput) {
  const document = input.document === undefined ? emptyDocument() : readDocument(input.document);
  const row = await insertFlow(db, {
    name: input.name,
    description: input.description,
    draft: document as unknown as Record<string, unknown>,
    channelIds: input.channelIds ?? [],
    priority: input.priority ?? 100,
    createdBy: actor.id,
    updatedBy: actor.id,
  });
  await recordAudit(db, { actorKind: actor.via === "token" ? "token" : "user", actorId: actor.id, action: "flow.created", targetType: "flow", targetId: row.id, details: { name: row.name } });
  return flowView(row);
}

export async function saveFlow(db: Database, actor: CurrentUser, id: string, input: UpdateFlowInput) {
  const document = input.document === undefined ? undefined : readDocument(input.document);
  const row = await updateFlow(
    db,
    id,
    {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(document ? { draft: document as unknown as Record<string, unknown> } : {}),
      ...(input.channelIds ? { channelIds: input.channelIds } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.isFallback !== undefined ? { isFallback: input.isFallback } : {}),
      updatedBy: actor.id,
    },
    input.revision,
  );
  if (row) {
    if (input.channelIds || input.priority !== undefined || input.isFallback !== undefined) invalidateChannelFlows();
    return flowView(row, await knownFlowIds(db));
  }
  const current = await findFlow(db, id);
  if (!current) throw notFound("Flow");
  throw new ApiError(
    409,
    "draft_conflict",
    `This flow was saved elsewhere since you opened it (your revision ${input.revision}, now ${current.draftRevision}). Reload to get the latest draft; copy your changes first if you need them.`,
  );
}

export async function removeFlow(db: Database, actor: CurrentUser, id: string) {
  const row = await deleteFlow(db, id);
  if (!row) throw notFound("Flow");
  invalidateChannelFlows();
  await recordAudit(db, { actorKind: actor.via === "token" ? "token" : "user", actorId: actor.id, action: "flow.deleted", targetType: "flow", targetId: id });
}

export async function duplicateFlow(db: Database, actor: CurrentUser, id: string) {
  const source = await findFlow(db, id);
  if (!source) throw notFound("Flow");
  return createFlow(db, actor, { name: `${source.name} (copy)`, description: source.description ?? undefined, document: source.draft, channelIds: [] });
}
