import { CURRENT_VERSION, type Block, type Edge, type FlowDocument } from "@/lib/flow";

import type { BlockNode, FlowEdge } from "./types";

/** What a document carries besides blocks and edges; the canvas never touches it. */
export type DocumentMeta = Pick<FlowDocument, "variables" | "settings">;

export function fromNode(node: BlockNode): Block {
  // Only document fields: React Flow's selected / measured / dragging never get persisted.
  return {
    id: node.id,
    type: node.type,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    ...(node.data.label ? { label: node.data.label } : {}),
    settings: node.data.settings,
  } as Block;
}

export function fromEdge(edge: FlowEdge): Edge {
  return { id: edge.id, source: edge.source, sourceOutput: edge.sourceHandle ?? "next", target: edge.target };
}

/** React Flow nodes and edges → our document. The only way out of the canvas. */
export function fromReactFlow(nodes: readonly BlockNode[], edges: readonly FlowEdge[], meta: DocumentMeta = {}): FlowDocument {
  return {
    version: CURRENT_VERSION,
    blocks: nodes.map(fromNode),
    edges: edges.map(fromEdge),
    ...(meta.variables ? { variables: meta.variables } : {}),
    ...(meta.settings ? { settings: meta.settings } : {}),
  };
}
