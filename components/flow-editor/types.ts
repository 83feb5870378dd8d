import type { Edge as RFEdge, Node as RFNode } from "@xyflow/react";

import type { BlockType, SettingsOf } from "@/lib/flow";

/**
 * React Flow's view of a flow. These types never leave components/flow-editor: the
 * document is converted at the editor boundary (toReactFlow / fromReactFlow).
 */
export type BlockNodeData<T extends BlockType = BlockType> = {
  label?: string;
  settings: SettingsOf<T>;
};

export type BlockNode = { [T in BlockType]: RFNode<BlockNodeData<T>, T> }[BlockType];

export type FlowEdge = RFEdge<Record<string, never>, "flow">;

export const EDGE_TYPE = "flow" as const;
