import { blockDefinition } from "@/lib/flow";

import { NODE_WIDTH } from "./block-node";
import type { BlockNode, FlowEdge } from "./types";

const DEFAULT_HEIGHT = 150;
const GAP = 24;

type Box = { x: number; y: number; w: number; h: number };

const boxOf = (n: BlockNode): Box => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? NODE_WIDTH, h: n.measured?.height ?? DEFAULT_HEIGHT });

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;

/** The nearest spot to `want` where a new block does not cover another one (searching down, then right). */
export function freeSpot(nodes: readonly BlockNode[], want: { x: number; y: number }): { x: number; y: number } {
  const boxes = nodes.map(boxOf);
  for (let ring = 0; ring < 12; ring++) {
    for (let col = 0; col <= ring; col++) {
      const candidate = { x: Math.round(want.x + col * (NODE_WIDTH + 48)), y: Math.round(want.y + (ring - col) * (DEFAULT_HEIGHT / 1.5)), w: NODE_WIDTH, h: DEFAULT_HEIGHT };
      if (!boxes.some((b) => overlaps(b, candidate))) return { x: candidate.x, y: candidate.y };
    }
  }
  return want;
}

/**
 * Where a block added by click goes when one block is selected: to its right, fed by the
 * selected block's first output that is not connected yet (so clicking Trigger, Reply,
 * Reply… builds a chain without dragging).
 */
export function nextToSelection(selected: BlockNode, nodes: readonly BlockNode[], edges: readonly FlowEdge[]) {
  const outputs = blockDefinition(selected.type).outputs(selected.data.settings as never);
  const used = new Set(edges.filter((e) => e.source === selected.id).map((e) => e.sourceHandle));
  const index = outputs.findIndex((o) => !used.has(o.id));
  const output = index >= 0 ? outputs[index] : undefined;
  const box = boxOf(selected);
  const position = freeSpot(nodes, { x: box.x + box.w + 96, y: box.y + Math.max(0, index) * 60 });
  return { position, from: output ? { source: selected.id, output: output.id } : undefined };
}
