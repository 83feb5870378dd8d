"use client";

import { useCallback, useRef, useState } from "react";

import type { BlockNode, FlowEdge } from "../types";

export type Snapshot = { nodes: BlockNode[]; edges: FlowEdge[] };

const LIMIT = 200;
/** Edits of the same thing within this window are one undo step (typing a message is not 40 steps). */
const COALESCE_MS = 1200;

/**
 * Undo / redo over canvas snapshots. Snapshots are the immutable node / edge arrays
 * themselves, so keeping 200 of them costs little. `record` is called with the state
 * *before* a change.
 */
export function useUndoHistory() {
  const past = useRef<Snapshot[]>([]);
  const future = useRef<Snapshot[]>([]);
  const last = useRef<{ key?: string; at: number }>({ at: 0 });
  const tickLocked = useRef(false);
  const [counts, setCounts] = useState({ past: 0, future: 0 });

  const sync = useCallback(() => setCounts({ past: past.current.length, future: future.current.length }), []);

  const record = useCallback(
    (before: Snapshot, key?: string) => {
      const now = Date.now();
      // Several change events of one gesture (nodes and their edges removed) arrive in one tick.
      if (tickLocked.current) return;
      tickLocked.current = true;
      queueMicrotask(() => {
        tickLocked.current = false;
      });
      if (key && last.current.key === key && now - last.current.at < COALESCE_MS) {
        last.current.at = now;
        return;
      }
      past.current.push(before);
      if (past.current.length > LIMIT) past.current.shift();
      future.current = [];
      last.current = { key, at: now };
      sync();
    },
    [sync],
  );

  const undo = useCallback(
    (current: Snapshot): Snapshot | null => {
      const previous = past.current.pop();
      if (!previous) return null;
      future.current.push(current);
      last.current = { at: 0 };
      sync();
      return previous;
    },
    [sync],
  );

  const redo = useCallback(
    (current: Snapshot): Snapshot | null => {
      const next = future.current.pop();
      if (!next) return null;
      past.current.push(current);
      last.current = { at: 0 };
      sync();
      return next;
    },
    [sync],
  );

  const reset = useCallback(() => {
    past.current = [];
    future.current = [];
    last.current = { at: 0 };
    sync();
  }, [sync]);

  return { record, undo, redo, reset, canUndo: counts.past > 0, canRedo: counts.future > 0 };
}
