"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError, apiFetch } from "@/components/data/api-fetch";
import type { FlowDocument } from "@/lib/flow";

import type { FlowView } from "../queries";

export type SaveStatus = "saved" | "unsaved" | "saving" | "error" | "conflict";
export type SaveState = { status: SaveStatus; message?: string; savedAt?: number };

const DELAY_MS = 800;
const RETRY_MS = 4000;

/**
 * Debounced draft saving with the server's revision check. A save answered 409
 * `draft_conflict` stops autosaving and keeps the local changes, so nothing is
 * overwritten or lost silently; the editor then asks the person what to do.
 */
export function useAutosave({
  flowId,
  revision: initialRevision,
  getDocument,
  enabled,
  onSaved,
}: {
  flowId: string;
  revision: number;
  getDocument: () => FlowDocument;
  enabled: boolean;
  onSaved?: (flow: FlowView) => void;
}) {
  const [state, setState] = useState<SaveState>({ status: "saved" });
  const revision = useRef(initialRevision);
  const pending = useRef(false);
  const conflicted = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ getDocument, onSaved, flowId });
  const flushRef = useRef<() => Promise<boolean>>(async () => false);

  useEffect(() => {
    latest.current = { getDocument, onSaved, flowId };
  });

  const saveOnce = useCallback(async (): Promise<"ok" | "failed" | "idle"> => {
    if (conflicted.current || !pending.current) return "idle";
    pending.current = false;
    setState({ status: "saving" });
    const { getDocument: read, onSaved: saved, flowId: id } = latest.current;
    try {
      const flow = await apiFetch<FlowView>(`/api/v1/flows/${encodeURIComponent(id)}`, {
        method: "PUT",
        json: { document: read(), revision: revision.current },
      });
      revision.current = flow.revision;
      setState(pending.current ? { status: "unsaved" } : { status: "saved", savedAt: Date.now() });
      saved?.(flow);
      return "ok";
    } catch (error) {
      pending.current = true;
      if (error instanceof ApiError && error.status === 409) {
        conflicted.current = true;
        setState({ status: "conflict", message: error.message });
        return "failed";
      }
      setState({ status: "error", message: error instanceof Error ? error.message : "Could not save." });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flushRef.current(), RETRY_MS);
      return "failed";
    }
  }, []);

  /** Saves now and waits until everything changed so far is stored; false when a save failed. */
  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    for (let round = 0; round < 10; round++) {
      while (inFlight.current) await inFlight.current;
      if (!pending.current || conflicted.current) break;
      const run = saveOnce();
      inFlight.current = run.then(() => undefined);
      const result = await run;
      inFlight.current = null;
      if (result === "failed") break;
    }
    return !pending.current && !conflicted.current;
  }, [saveOnce]);

  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  const markDirty = useCallback(() => {
    if (!enabled) return;
    pending.current = true;
    if (!conflicted.current) setState((s) => (s.status === "saving" ? s : { status: "unsaved" }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), DELAY_MS);
  }, [enabled]);

  /** After a reload, a restore or an explicit overwrite: continue from this revision. */
  const reset = useCallback((nextRevision: number, dirty = false) => {
    clearTimeout(timer.current);
    revision.current = nextRevision;
    conflicted.current = false;
    pending.current = dirty;
    setState(dirty ? { status: "unsaved" } : { status: "saved", savedAt: Date.now() });
    if (dirty) timer.current = setTimeout(() => void flushRef.current(), 0);
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  const hasUnsaved = useCallback(() => pending.current || inFlight.current !== null || conflicted.current, []);

  return { state, markDirty, flush, reset, hasUnsaved };
}
