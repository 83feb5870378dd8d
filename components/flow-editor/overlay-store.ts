"use client";

import { createContext, useCallback, useContext, useSyncExternalStore } from "react";

import type { Problem } from "@/lib/flow";

/**
 * What is drawn over the canvas without touching the nodes: validation problems, the
 * heat map and the preview's path. Each node and edge subscribes to its own slice, and
 * a slice keeps its identity while unchanged, so a new problem list re-renders only the
 * nodes whose problems changed — not all 150.
 */
export type BlockOverlay = {
  errors: string[];
  warnings: string[];
  heat?: { visits: number; dropOffs: number; share: number };
  /** 1-based position in the preview's current path. */
  step?: number;
  /** The block the preview stopped at (waiting for the customer). */
  current?: boolean;
};

export type EdgeOverlay = { count?: number; share?: number; inPath?: boolean };

export type HeatData = {
  blocks: { blockId: string; visits: number; dropOffs: number }[];
  edges: { source: string; sourceOutput: string; target: string; count: number }[];
};

export type PathData = { blocks: string[]; edges: { source: string; sourceOutput: string; target: string }[]; current?: string };

const EMPTY_BLOCK: BlockOverlay = { errors: [], warnings: [] };
const EMPTY_EDGE: EdgeOverlay = {};

export const edgeKey = (source: string, output: string | null | undefined, target: string) => `${source}\u0000${output ?? ""}\u0000${target}`;

export class OverlayStore {
  private problems = new Map<string, { errors: string[]; warnings: string[] }>();
  private heat: { blocks: Map<string, { visits: number; dropOffs: number }>; edges: Map<string, number>; maxVisits: number; maxEdge: number } | null = null;
  private path: { steps: Map<string, number>; edges: Set<string>; current?: string } | null = null;
  private blockCache = new Map<string, { key: string; value: BlockOverlay }>();
  private edgeCache = new Map<string, { key: string; value: EdgeOverlay }>();
  private listeners = new Set<() => void>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit() {
    for (const listener of this.listeners) listener();
  }

  setProblems(problems: Problem[]) {
    const next = new Map<string, { errors: string[]; warnings: string[] }>();
    for (const p of problems) {
      if (!p.blockId) continue;
      const entry = next.get(p.blockId) ?? { errors: [], warnings: [] };
      (p.severity === "error" ? entry.errors : entry.warnings).push(p.message);
      next.set(p.blockId, entry);
    }
    this.problems = next;
    this.emit();
  }

  setHeat(data: HeatData | null) {
    if (!data) {
      this.heat = null;
    } else {
      const blocks = new Map(data.blocks.map((b) => [b.blockId, { visits: b.visits, dropOffs: b.dropOffs }]));
      const edges = new Map(data.edges.map((e) => [edgeKey(e.source, e.sourceOutput, e.target), e.count]));
      this.heat = {
        blocks,
        edges,
        maxVisits: Math.max(1, ...data.blocks.map((b) => b.visits)),
        maxEdge: Math.max(1, ...data.edges.map((e) => e.count)),
      };
    }
    this.emit();
  }

  setPath(data: PathData | null) {
    this.path = data
      ? {
          steps: new Map(data.blocks.map((id, index) => [id, index + 1])),
          edges: new Set(data.edges.map((e) => edgeKey(e.source, e.sourceOutput, e.target))),
          current: data.current,
        }
      : null;
    this.emit();
  }

  block(id: string): BlockOverlay {
    const problems = this.problems.get(id);
    const heat = this.heat ? (this.heat.blocks.get(id) ?? { visits: 0, dropOffs: 0 }) : undefined;
    const step = this.path?.steps.get(id);
    const current = this.path?.current === id || undefined;
    if (!problems && !heat && !step && !current) return EMPTY_BLOCK;
    const value: BlockOverlay = {
      errors: problems?.errors ?? [],
      warnings: problems?.warnings ?? [],
      ...(heat ? { heat: { ...heat, share: heat.visits / this.heat!.maxVisits } } : {}),
      ...(step ? { step } : {}),
      ...(current ? { current } : {}),
    };
    return this.cached(this.blockCache, id, value);
  }

  edge(source: string, output: string | null | undefined, target: string): EdgeOverlay {
    const key = edgeKey(source, output, target);
    const count = this.heat ? (this.heat.edges.get(key) ?? 0) : undefined;
    const inPath = this.path?.edges.has(key) || undefined;
    if (count === undefined && !inPath) return EMPTY_EDGE;
    const value: EdgeOverlay = {
      ...(count !== undefined ? { count, share: count / this.heat!.maxEdge } : {}),
      ...(inPath ? { inPath } : {}),
    };
    return this.cached(this.edgeCache, key, value);
  }

  private cached<T>(cache: Map<string, { key: string; value: T }>, id: string, value: T): T {
    const key = JSON.stringify(value);
    const hit = cache.get(id);
    if (hit && hit.key === key) return hit.value;
    cache.set(id, { key, value });
    return value;
  }
}

const OverlayContext = createContext<OverlayStore | null>(null);
export const OverlayProvider = OverlayContext.Provider;

const fallback = new OverlayStore();

export function useBlockOverlay(id: string): BlockOverlay {
  const store = useContext(OverlayContext) ?? fallback;
  const get = useCallback(() => store.block(id), [store, id]);
  return useSyncExternalStore(store.subscribe, get, get);
}

export function useEdgeOverlay(source: string, output: string | null | undefined, target: string): EdgeOverlay {
  const store = useContext(OverlayContext) ?? fallback;
  const get = useCallback(() => store.edge(source, output, target), [store, source, output, target]);
  return useSyncExternalStore(store.subscribe, get, get);
}
