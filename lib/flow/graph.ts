import type { Block, FlowDocument } from "./document";

/** Lookup tables over a document, built once per document object (documents are treated as immutable). */
export type FlowGraph = {
  blocks: Map<string, Block>;
  trigger: Block | undefined;
  /** The block an output leads to, if connected. */
  next(blockId: string, output: string): string | undefined;
};

const cache = new WeakMap<FlowDocument, FlowGraph>();

export function flowGraph(doc: FlowDocument): FlowGraph {
  const cached = cache.get(doc);
  if (cached) return cached;
  const blocks = new Map(doc.blocks.map((b) => [b.id, b]));
  const edges = new Map<string, string>();
  for (const edge of doc.edges) {
    const key = edgeKey(edge.source, edge.sourceOutput);
    // The first edge wins, matching the validator which flags the others.
    if (!edges.has(key)) edges.set(key, edge.target);
  }
  const graph: FlowGraph = {
    blocks,
    trigger: doc.blocks.find((b) => b.type === "trigger"),
    next: (blockId, output) => edges.get(edgeKey(blockId, output)),
  };
  cache.set(doc, graph);
  return graph;
}

function edgeKey(source: string, output: string): string {
  return `${source}\u0000${output}`;
}
