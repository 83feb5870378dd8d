import { MarkerType } from "@xyflow/react";

import { blockDefinition, type Block, type Edge, type FlowDocument } from "@/lib/flow";

import { EDGE_TYPE, type BlockNode, type FlowEdge } from "./types";

export function nodeAriaLabel(type: Block["type"], label: string | undefined): string {
  const typeLabel = blockDefinition(type).label;
  return label ? `${typeLabel} block “${label}”` : `${typeLabel} block`;
}

export function toNode(block: Block): BlockNode {
  return {
    id: block.id,
    type: block.type,
    position: { x: block.position.x, y: block.position.y },
    data: { settings: block.settings, ...(block.label ? { label: block.label } : {}) },
    ariaLabel: nodeAriaLabel(block.type, block.label),
  } as BlockNode;
}

export function toEdge(edge: Edge): FlowEdge {
  return {
    id: edge.id,
    type: EDGE_TYPE,
    source: edge.source,
    sourceHandle: edge.sourceOutput,
    target: edge.target,
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
  };
}

/** Our document → React Flow nodes and edges. The only way into the canvas. */
export function toReactFlow(doc: FlowDocument): { nodes: BlockNode[]; edges: FlowEdge[] } {
  return { nodes: doc.blocks.map(toNode), edges: doc.edges.map(toEdge) };
}
