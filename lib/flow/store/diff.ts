import type { Block, FlowDocument } from "@/lib/flow";

export interface DocumentChanges {
  added: { id: string; type: string; label?: string }[];
  removed: { id: string; type: string; label?: string }[];
  changed: { id: string; type: string; label?: string; fields: string[] }[];
  edgesAdded: number;
  edgesRemoved: number;
}

const brief = (b: Block) => ({ id: b.id, type: b.type, ...(b.label ? { label: b.label } : {}) });
const edgeKey = (e: FlowDocument["edges"][number]) => `${e.source}:${e.sourceOutput}->${e.target}`;

/** What a version changed against the one before: blocks added / removed / changed (by setting), connections. */
export function diffDocuments(before: FlowDocument | null, after: FlowDocument): DocumentChanges {
  const old = new Map((before?.blocks ?? []).map((b) => [b.id, b]));
  const now = new Map(after.blocks.map((b) => [b.id, b]));
  const changed: DocumentChanges["changed"] = [];
  for (const [id, block] of now) {
    const prev = old.get(id);
    if (!prev) continue;
    const fields = new Set<string>();
    if (prev.type !== block.type) fields.add("type");
    if (prev.label !== block.label) fields.add("label");
    const a = prev.settings as Record<string, unknown>;
    const b = block.settings as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) fields.add(key);
    }
    if (fields.size) changed.push({ ...brief(block), fields: [...fields] });
  }
  const oldEdges = new Set((before?.edges ?? []).map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    added: after.blocks.filter((b) => !old.has(b.id)).map(brief),
    removed: (before?.blocks ?? []).filter((b) => !now.has(b.id)).map(brief),
    changed,
    edgesAdded: [...newEdges].filter((e) => !oldEdges.has(e)).length,
    edgesRemoved: [...oldEdges].filter((e) => !newEdges.has(e)).length,
  };
}
