import { z } from "zod";

import { blockSchema, edgeSchema } from "@/lib/flow/document";
import type { Block, Edge } from "@/lib/flow";

/**
 * Copied blocks, in our document format (never React Flow's), kept in localStorage so
 * they paste into another tab or another flow.
 */
const KEY = "tickflow.flow-clipboard";
const clip = z.object({ kind: z.literal("tickflow/blocks"), blocks: z.array(blockSchema), edges: z.array(edgeSchema) });

let memory: { blocks: Block[]; edges: Edge[] } | null = null;

export function writeClipboard(blocks: Block[], edges: Edge[]) {
  memory = { blocks, edges };
  try {
    localStorage.setItem(KEY, JSON.stringify({ kind: "tickflow/blocks", blocks, edges }));
  } catch {
    /* private mode or full: the in-memory copy still works in this tab */
  }
}

export function readClipboard(): { blocks: Block[]; edges: Edge[] } | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) {
      const parsed = clip.safeParse(JSON.parse(raw));
      if (parsed.success) return { blocks: parsed.data.blocks, edges: parsed.data.edges };
    }
  } catch {
    /* fall back to memory */
  }
  return memory;
}
