import { z } from "zod";
import type { Database } from "@/db";
import { findFlow } from "@/db/queries/flows";
import { notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { createFlow, readDocument } from "./drafts";

/**
 * Export is the flow document itself (portable: our versioned JSON, schema at
 * GET /api/v1/flows/schema) with the flow's name alongside; the document parser ignores
 * the extra field, so a plain document imports as well.
 */
export async function exportFlow(db: Database, id: string) {
  const row = await findFlow(db, id);
  if (!row) throw notFound("Flow");
  return { ...readDocument(row.draft), name: row.name };
}

const importEnvelope = z.object({ name: z.string().trim().min(1).max(120).optional() }).passthrough();

/** Imports as a new draft flow; a document the schema cannot read changes nothing (422 with problems). */
export async function importFlow(db: Database, actor: CurrentUser, body: unknown, nameOverride?: string) {
  const envelope = importEnvelope.safeParse(body);
  const wrapped = typeof body === "object" && body !== null && "document" in body ? (body as { document: unknown; name?: string }) : null;
  const document = readDocument(wrapped ? wrapped.document : body);
  const name = nameOverride ?? wrapped?.name ?? (envelope.success ? envelope.data.name : undefined) ?? "Imported flow";
  return createFlow(db, actor, { name, document });
}
