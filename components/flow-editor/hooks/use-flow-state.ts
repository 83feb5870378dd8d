"use client";

import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import { useCallback, useRef, useState } from "react";

import { blockDefinition, type BlockType, type FlowDocument } from "@/lib/flow";

import { blockUi } from "../block-ui";
import { readClipboard, writeClipboard } from "../clipboard";
import { fromEdge, fromNode, fromReactFlow, type DocumentMeta } from "../from-react-flow";
import { newEdgeId, nextBlockId } from "../ids";
import { autoLayout } from "../layout";
import { nodeAriaLabel, toEdge, toNode, toReactFlow } from "../to-react-flow";
import type { BlockNode, FlowEdge } from "../types";
import { useUndoHistory, type Snapshot } from "./use-history";

const PASTE_OFFSET = 48;

function deselect<T extends { selected?: boolean }>(items: T[]): T[] {
  return items.map((item) => (item.selected ? { ...item, selected: false } : item));
}

/**
 * The canvas state and every edit an operator can make. All edits go through `commit`,
 * which records undo history and tells the editor the document changed (autosave,
 * validation). Selection, measuring and dragging frames are not document changes.
 */
export function useFlowState(initial: FlowDocument, onDocumentChange: () => void) {
  const [state, setState] = useState<Snapshot>(() => toReactFlow(initial));
  const stateRef = useRef(state);
  const metaRef = useRef<DocumentMeta>({ variables: initial.variables, settings: initial.settings });
  const history = useUndoHistory();

  const commit = useCallback(
    (next: Snapshot, options: { history?: string | false; dirty?: boolean } = {}) => {
      const { history: key = "edit", dirty = true } = options;
      if (key !== false) history.record(stateRef.current, key);
      stateRef.current = next;
      setState(next);
      if (dirty) onDocumentChange();
    },
    [history, onDocumentChange],
  );

  const document = useCallback(() => fromReactFlow(stateRef.current.nodes, stateRef.current.edges, metaRef.current), []);

  const dragging = useRef(false);

  const onNodesChange = useCallback(
    (changes: NodeChange<BlockNode>[]) => {
      const current = stateRef.current;
      const removes = changes.some((c) => c.type === "remove");
      // Dragging frames are not saved; the final position (dragging false) and keyboard moves are.
      const moved = changes.some((c) => c.type === "position" && !c.dragging && c.position);
      const key = removes ? "delete" : moved && !dragging.current ? "keyboard-move" : false;
      commit({ nodes: applyNodeChanges(changes, current.nodes), edges: current.edges }, { history: key, dirty: removes || moved });
    },
    [commit],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const current = stateRef.current;
      const removes = changes.some((c) => c.type === "remove");
      commit({ nodes: current.nodes, edges: applyEdgeChanges(changes, current.edges) }, { history: removes ? "delete" : false, dirty: removes });
    },
    [commit],
  );

  /** A whole drag is one undo step, recorded when it starts. */
  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
    history.record(stateRef.current, `drag-${Date.now()}`);
  }, [history]);

  const onNodeDragStop = useCallback(() => {
    dragging.current = false;
  }, []);

  const connect = useCallback(
    (connection: Connection) => {
      const { source, target, sourceHandle } = connection;
      if (!source || !target || source === target) return;
      const current = stateRef.current;
      // One output leads to one block: connecting it again moves the connection.
      const edges = current.edges.filter((e) => !(e.source === source && (e.sourceHandle ?? "next") === (sourceHandle ?? "next")));
      const edge = toEdge({ id: newEdgeId(), source, sourceOutput: sourceHandle ?? "next", target });
      commit({ nodes: current.nodes, edges: [...deselect(edges), edge] }, { history: `connect-${Date.now()}` });
    },
    [commit],
  );

  const reconnect = useCallback(
    (old: FlowEdge, connection: Connection) => {
      const { source, target, sourceHandle } = connection;
      if (!source || !target || source === target) return;
      const current = stateRef.current;
      const edges = current.edges.filter(
        (e) => e.id !== old.id && !(e.source === source && (e.sourceHandle ?? "next") === (sourceHandle ?? "next")),
      );
      const edge = toEdge({ id: old.id, source, sourceOutput: sourceHandle ?? "next", target });
      commit({ nodes: current.nodes, edges: [...edges, edge] }, { history: `reconnect-${Date.now()}` });
    },
    [commit],
  );

  /** Sets the output's connection from the inspector (keyboard users' way to connect). */
  const setConnection = useCallback(
    (source: string, output: string, target: string | null) => {
      const current = stateRef.current;
      const edges = current.edges.filter((e) => !(e.source === source && e.sourceHandle === output));
      if (target) edges.push(toEdge({ id: newEdgeId(), source, sourceOutput: output, target }));
      commit({ nodes: current.nodes, edges }, { history: `connect-${Date.now()}` });
    },
    [commit],
  );

  const deleteEdges = useCallback(
    (ids: string[]) => {
      const current = stateRef.current;
      const drop = new Set(ids);
      commit({ nodes: current.nodes, edges: current.edges.filter((e) => !drop.has(e.id)) }, { history: `delete-${Date.now()}` });
    },
    [commit],
  );

  const deleteBlocks = useCallback(
    (ids: string[]) => {
      const current = stateRef.current;
      const drop = new Set(ids);
      commit(
        {
          nodes: current.nodes.filter((n) => !drop.has(n.id)),
          edges: current.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
        },
        { history: `delete-${Date.now()}` },
      );
    },
    [commit],
  );

  /** Adds a block (selected); `from` also connects an output of another block to it. */
  const addBlock = useCallback(
    (type: BlockType, position: XYPosition, from?: { source: string; output: string }): string => {
      const current = stateRef.current;
      const id = nextBlockId(type, new Set(current.nodes.map((n) => n.id)));
      const node = {
        ...toNode({ id, type, position, settings: structuredClone(blockUi[type].initial) } as Parameters<typeof toNode>[0]),
        selected: true,
      } as BlockNode;
      const edges = deselect(current.edges);
      if (from && type !== "trigger") edges.push(toEdge({ id: newEdgeId(), source: from.source, sourceOutput: from.output, target: id }));
      commit({ nodes: [...deselect(current.nodes), node], edges }, { history: `add-${id}` });
      return id;
    },
    [commit],
  );

  const updateBlock = useCallback(
    (id: string, change: { settings?: unknown; label?: string }) => {
      const current = stateRef.current;
      let edges = current.edges;
      const nodes = current.nodes.map((node) => {
        if (node.id !== id) return node;
        const data = { ...node.data };
        if ("settings" in change) {
          data.settings = change.settings as never;
          // A removed button, row or rule group takes its connection with it.
          const outputs = new Set(blockDefinition(node.type).outputs(data.settings as never).map((o) => o.id));
          if (edges.some((e) => e.source === id && !outputs.has(e.sourceHandle ?? ""))) {
            edges = edges.filter((e) => e.source !== id || outputs.has(e.sourceHandle ?? ""));
          }
        }
        if ("label" in change) {
          if (change.label) data.label = change.label;
          else delete data.label;
        }
        return { ...node, data, ariaLabel: nodeAriaLabel(node.type, data.label) } as BlockNode;
      });
      commit({ nodes, edges }, { history: `edit-${id}-${"label" in change ? "label" : "settings"}` });
    },
    [commit],
  );

  const select = useCallback(
    (ids: string[]) => {
      const current = stateRef.current;
      const want = new Set(ids);
      const nodes = current.nodes.map((n) => (Boolean(n.selected) === want.has(n.id) ? n : { ...n, selected: want.has(n.id) }));
      commit({ nodes, edges: deselect(current.edges) }, { history: false, dirty: false });
    },
    [commit],
  );

  const selectAll = useCallback(() => select(stateRef.current.nodes.map((n) => n.id)), [select]);

  /** Copies the selected blocks and the connections between them. */
  const copy = useCallback((): number => {
    const { nodes, edges } = stateRef.current;
    const picked = nodes.filter((n) => n.selected);
    if (!picked.length) return 0;
    const ids = new Set(picked.map((n) => n.id));
    writeClipboard(
      picked.map(fromNode),
      edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(fromEdge),
    );
    return picked.length;
  }, []);

  const pasteBlocks = useCallback(
    (source: { blocks: ReturnType<typeof fromNode>[]; edges: ReturnType<typeof fromEdge>[] } | null): number => {
      if (!source || !source.blocks.length) return 0;
      const current = stateRef.current;
      const taken = new Set(current.nodes.map((n) => n.id));
      const ids = new Map<string, string>();
      const added: BlockNode[] = [];
      for (const block of source.blocks) {
        const id = nextBlockId(block.type, taken);
        taken.add(id);
        ids.set(block.id, id);
        added.push({
          ...toNode({ ...block, id, position: { x: block.position.x + PASTE_OFFSET, y: block.position.y + PASTE_OFFSET } }),
          selected: true,
        } as BlockNode);
      }
      const addedEdges = source.edges.flatMap((e) => {
        const s = ids.get(e.source);
        const t = ids.get(e.target);
        return s && t ? [toEdge({ id: newEdgeId(), source: s, sourceOutput: e.sourceOutput, target: t })] : [];
      });
      commit({ nodes: [...deselect(current.nodes), ...added], edges: [...deselect(current.edges), ...addedEdges] }, { history: `paste-${Date.now()}` });
      return added.length;
    },
    [commit],
  );

  const paste = useCallback(() => pasteBlocks(readClipboard()), [pasteBlocks]);

  const duplicate = useCallback((): number => {
    const { nodes, edges } = stateRef.current;
    const picked = nodes.filter((n) => n.selected);
    const ids = new Set(picked.map((n) => n.id));
    return pasteBlocks({
      blocks: picked.map(fromNode),
      edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(fromEdge),
    });
  }, [pasteBlocks]);

  const layout = useCallback(() => {
    const current = stateRef.current;
    const positions = autoLayout(current.nodes, current.edges);
    const nodes = current.nodes.map((n) => {
      const p = positions.get(n.id);
      return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
    });
    commit({ nodes, edges: current.edges }, { history: `layout-${Date.now()}` });
  }, [commit]);

  const undo = useCallback(() => {
    const previous = history.undo(stateRef.current);
    if (previous) commit(previous, { history: false });
    return Boolean(previous);
  }, [commit, history]);

  const redo = useCallback(() => {
    const next = history.redo(stateRef.current);
    if (next) commit(next, { history: false });
    return Boolean(next);
  }, [commit, history]);

  /** The document's variables and settings (edited in the flow settings dialog, not on the canvas). */
  const getMeta = useCallback(() => metaRef.current, []);
  const setMeta = useCallback(
    (meta: DocumentMeta) => {
      metaRef.current = meta;
      onDocumentChange();
    },
    [onDocumentChange],
  );

  /** Replaces everything (reload after a conflict, restore of a version). */
  const replace = useCallback(
    (doc: FlowDocument) => {
      metaRef.current = { variables: doc.variables, settings: doc.settings };
      const next = toReactFlow(doc);
      stateRef.current = next;
      setState(next);
      history.reset();
    },
    [history],
  );

  return {
    nodes: state.nodes,
    edges: state.edges,
    document,
    onNodesChange,
    onEdgesChange,
    onNodeDragStart,
    onNodeDragStop,
    connect,
    reconnect,
    setConnection,
    deleteEdges,
    deleteBlocks,
    addBlock,
    updateBlock,
    select,
    selectAll,
    copy,
    paste,
    duplicate,
    layout,
    undo,
    redo,
    replace,
    getMeta,
    setMeta,
    canUndo: history.canUndo,
    canRedo: history.canRedo,
  };
}

export type FlowState = ReturnType<typeof useFlowState>;
