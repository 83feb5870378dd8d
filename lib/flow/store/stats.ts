import { z } from "zod";
import type { Database } from "@/db";
import { findFlow, findVersion } from "@/db/queries/flows";
import { blockVisits, lastSteps, outputCounts } from "@/db/queries/steps";
import { notFound } from "@/lib/api/errors";
import { readDocument } from "./drafts";

export const statsQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/** Blocks where a stopped session is a normal finish, not a drop-off. */
const FINISHING_BLOCKS = new Set(["end", "handoff", "go_to_flow"]);

/**
 * The builder's heat map: visits per block and per edge, and drop-offs — sessions whose
 * last step left them at a block that is not a finish (still waiting for an answer the
 * customer never gave, or stopped by an error).
 */
export async function flowStats(db: Database, flowId: string, query: z.infer<typeof statsQuerySchema>) {
  const flow = await findFlow(db, flowId);
  if (!flow) throw notFound("Flow");
  const version = query.version ?? flow.publishedVersion;
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - 7 * 24 * 3600_000);
  if (!version) return { version: null, from, to, sessions: 0, blocks: [], edges: [] };
  const published = await findVersion(db, flowId, version);
  if (!published) throw notFound(`Version ${version}`);
  const doc = readDocument(published.document);
  const range = { flowId, version, from, to };
  const [visits, outputs, last] = await Promise.all([blockVisits(db, range), outputCounts(db, range), lastSteps(db, range)]);
  const typeOf = new Map(doc.blocks.map((b) => [b.id, b.type]));
  const dropOffs = new Map<string, number>();
  for (const s of last) {
    const movedOn = s.output !== null && !s.error;
    const finished = FINISHING_BLOCKS.has(typeOf.get(s.block_id) ?? "");
    if (!movedOn && !finished) dropOffs.set(s.block_id, (dropOffs.get(s.block_id) ?? 0) + 1);
  }
  const targetOf = new Map(doc.edges.map((e) => [`${e.source}\u0000${e.sourceOutput}`, e.target]));
  return {
    version,
    from,
    to,
    sessions: last.length,
    blocks: visits.map((v) => ({ blockId: v.blockId, visits: v.visits, dropOffs: dropOffs.get(v.blockId) ?? 0 })),
    edges: outputs
      .map((o) => ({ source: o.blockId, sourceOutput: o.output!, target: targetOf.get(`${o.blockId}\u0000${o.output}`) ?? null, count: o.count }))
      .filter((e) => e.target !== null),
  };
}
