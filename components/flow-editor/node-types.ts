import type { EdgeTypes, NodeTypes } from "@xyflow/react";

import { BLOCK_TYPES, type BlockType } from "@/lib/flow";

import { BlockNodeComponent } from "./block-node";
import { FlowEdgeComponent } from "./flow-edge";
import { EDGE_TYPE } from "./types";

/**
 * Registered once at module scope: a new object per render would make React Flow
 * re-mount every node. Every block type uses the shared shell, which renders the
 * block's own summary from its folder.
 */
export const nodeTypes: NodeTypes = Object.fromEntries(BLOCK_TYPES.map((type) => [type, BlockNodeComponent])) as Record<BlockType, typeof BlockNodeComponent>;

export const edgeTypes: EdgeTypes = { [EDGE_TYPE]: FlowEdgeComponent };
