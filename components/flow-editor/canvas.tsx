"use client";

import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type NodeMouseHandler,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTheme } from "next-themes";
import { useCallback, useRef, useState } from "react";

import { blockDefinition, isBlockType, type BlockType } from "@/lib/flow";

import "./flow-editor.css";
import { edgeTypes, nodeTypes } from "./node-types";
import { PALETTE_MIME } from "./palette";
import type { BlockNode, FlowEdge } from "./types";

const MINIMAP_COLORS: Record<string, string> = {
  trigger: "#f59e0b",
  message: "#10b981",
  logic: "#0ea5e9",
  integration: "#8b5cf6",
  action: "#f43f5e",
};

const minimapColor = (node: BlockNode) =>
  isBlockType(node.type) ? (MINIMAP_COLORS[blockDefinition(node.type).category] ?? "#94a3b8") : "#94a3b8";

const ARIA_LABELS = {
  "node.a11yDescription.default": "Press Enter or Space to select this block, then the arrow keys to move it. Delete removes it.",
  "edge.a11yDescription.default": "Press Enter or Space to select this connection; Delete removes it.",
  "controls.ariaLabel": "Zoom controls",
  "controls.zoomIn.ariaLabel": "Zoom in",
  "controls.zoomOut.ariaLabel": "Zoom out",
  "controls.fitView.ariaLabel": "Fit the whole flow in view",
  "controls.interactive.ariaLabel": "Lock or unlock editing",
  "minimap.ariaLabel": "Overview map of the flow",
  "handle.ariaLabel": "Connection point",
};

const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_STYLE = { width: 168, height: 108 };
const DELETE_KEYS = ["Delete", "Backspace"];
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1 };

export type CanvasProps = {
  nodes: BlockNode[];
  edges: FlowEdge[];
  readOnly: boolean;
  onNodesChange: (changes: NodeChange<BlockNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  onNodeDragStart: () => void;
  onNodeDragStop: () => void;
  onConnect: (connection: Connection) => void;
  onReconnect: (old: FlowEdge, connection: Connection) => void;
  onDeleteEdge: (id: string) => void;
  onDropBlock: (type: BlockType, position: { x: number; y: number }) => void;
  onNodeClick: (id: string) => void;
};

/** The React Flow canvas: nodes, connections, minimap, zoom controls, drop target for the palette. */
export function Canvas(props: CanvasProps) {
  const { nodes, readOnly, onConnect, onReconnect, onDeleteEdge, onDropBlock, onNodeClick } = props;
  const { screenToFlowPosition, getNode } = useReactFlow<BlockNode, FlowEdge>();
  const { resolvedTheme } = useTheme();
  const reconnected = useRef(true);
  // Fit the view to the blocks the flow opened with; an empty flow keeps the default view
  // (fitting to the first dropped block would move the canvas under the person's hand).
  const [fitOnOpen] = useState(() => nodes.length > 0);

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (connection) => connection.source !== connection.target && getNode(connection.target)?.type !== "trigger",
    [getNode],
  );

  const handleReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);

  const handleReconnect = useCallback(
    (old: FlowEdge, connection: Connection) => {
      reconnected.current = true;
      onReconnect(old, connection);
    },
    [onReconnect],
  );

  // Dropping a dragged connection end on empty canvas removes the connection.
  const handleReconnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, edge: FlowEdge, _handle: unknown, state: FinalConnectionState) => {
      if (!reconnected.current && !state.isValid) onDeleteEdge(edge.id);
      reconnected.current = true;
    },
    [onDeleteEdge],
  );

  const handleNodeClick: NodeMouseHandler<BlockNode> = useCallback((_event, node) => onNodeClick(node.id), [onNodeClick]);

  const onDragOver = useCallback((event: React.DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME);
      if (!type || !isBlockType(type)) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      onDropBlock(type, { x: Math.round(point.x - 40), y: Math.round(point.y - 24) });
    },
    [onDropBlock, screenToFlowPosition],
  );

  return (
    <div className="@container h-full w-full" data-testid="flow-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<BlockNode, FlowEdge>
        nodes={nodes}
        edges={props.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={props.onNodesChange}
        onEdgesChange={props.onEdgesChange}
        onNodeDragStart={props.onNodeDragStart}
        onNodeDragStop={props.onNodeDragStop}
        onConnect={onConnect}
        onReconnect={handleReconnect}
        onReconnectStart={handleReconnectStart}
        onReconnectEnd={handleReconnectEnd}
        onNodeClick={handleNodeClick}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={["Meta", "Control", "Shift"]}
        selectionKeyCode="Shift"
        fitView={fitOnOpen}
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        maxZoom={2}
        colorMode={resolvedTheme === "dark" ? "dark" : "light"}
        proOptions={PRO_OPTIONS}
        ariaLabelConfig={ARIA_LABELS}
        connectionRadius={28}
        elevateNodesOnSelect={false}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap<BlockNode>
          pannable
          zoomable
          nodeColor={minimapColor}
          nodeStrokeWidth={2}
          className="!rounded-lg !border !shadow-sm @max-2xl:!hidden"
          style={MINIMAP_STYLE}
          ariaLabel="Overview map of the flow"
        />
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
      </ReactFlow>
    </div>
  );
}
