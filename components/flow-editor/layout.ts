import dagre from "@dagrejs/dagre";

import { NODE_WIDTH } from "./block-node";
import type { BlockNode, FlowEdge } from "./types";

/**
 * Left-to-right layered layout (dagre: small and synchronous, fine for a few hundred
 * blocks). Uses the nodes' measured sizes, so tall Conditions get the room they need.
 */
export function autoLayout(nodes: readonly BlockNode[], edges: readonly FlowEdge[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 36, ranksep: 96, marginx: 24, marginy: 24 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, { width: node.measured?.width ?? NODE_WIDTH, height: node.measured?.height ?? 140 });
  }
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target) && edge.source !== edge.target) graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const laid = graph.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (laid) positions.set(node.id, { x: Math.round(laid.x - laid.width / 2), y: Math.round(laid.y - laid.height / 2) });
  }
  return positions;
}
