"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { MousePointerClick, Workflow } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";

import { ApiError, apiFetch, errorMessage } from "@/components/data/api-fetch";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { blockDefinition, validateFlow, type BlockType, type Problem } from "@/lib/flow";
import { cn } from "@/lib/utils";

import { CanvasActionsProvider } from "./canvas-actions";
import { Canvas } from "./canvas";
import { ConflictBanner } from "./conflict-banner";
import { EditorContextProvider, type EditorContextValue } from "./editor-context";
import { FlowSettingsDialog } from "./flow-settings-dialog";
import type { DocumentMeta } from "./from-react-flow";
import { HeatmapControls } from "./heat-map";
import { HistoryPanel } from "./history-panel";
import { useAutosave } from "./hooks/use-autosave";
import { useFlowState } from "./hooks/use-flow-state";
import { useUnsavedWarning } from "./hooks/use-unsaved-warning";
import { Inspector, MultiSelection, type ConnectionTarget } from "./inspector";
import { OverlayProvider, OverlayStore } from "./overlay-store";
import { Palette, usePaletteCollapsed } from "./palette";
import { freeSpot, nextToSelection } from "./placement";
import { PreviewPanel } from "./preview/preview-panel";
import { ProblemsPanel, problemSummary } from "./problems-panel";
import { PublishDialog } from "./publish-dialog";
import { flowKey, flowPath, flowsKey, useFlow, useFlowList, type FlowView } from "./queries";
import { ShortcutsDialog, useShortcuts } from "./shortcuts";
import { EditorToolbar, type RightPanel } from "./toolbar";
import { flowVariables } from "./variables";

const VALIDATE_DELAY_MS = 250;

/** Loads the flow, then hands it to the workspace (which owns the draft from then on). */
export function FlowEditor({ flowId, canEdit, userId }: { flowId: string; canEdit: boolean; userId: string }) {
  const flow = useFlow(flowId);
  if (flow.isPending) {
    return (
      <div className="flex h-full flex-col" data-testid="flow-editor-loading" aria-busy="true">
        <div className="flex h-12 items-center gap-3 border-b px-3">
          <Skeleton className="h-6 w-48" />
        </div>
        <div className="flex flex-1">
          <Skeleton className="m-3 w-52" />
          <Skeleton className="m-3 flex-1" />
        </div>
      </div>
    );
  }
  if (flow.error) {
    const missing = flow.error instanceof ApiError && flow.error.status === 404;
    return (
      <div className="p-6">
        <EmptyState
          icon={Workflow}
          title={missing ? "This flow doesn't exist" : "The flow could not be loaded"}
          data-testid="flow-editor-error"
          actions={
            <Button asChild variant="outline">
              <Link href="/flows">Back to flows</Link>
            </Button>
          }
        >
          <p>{missing ? "It may have been deleted." : flow.error.message}</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <Workspace key={flow.data.id} flow={flow.data} readOnly={!canEdit} userId={userId} />
    </ReactFlowProvider>
  );
}

function Workspace({ flow, readOnly, userId }: { flow: FlowView; readOnly: boolean; userId: string }) {
  const queryClient = useQueryClient();
  const { screenToFlowPosition, fitView, setCenter, getNode, getZoom, getViewport, setViewport } = useReactFlow();
  const [overlay] = useState(() => new OverlayStore());
  const [name, setName] = useState(flow.name);
  const [publishedVersion, setPublishedVersion] = useState(flow.publishedVersion);
  const [problems, setProblems] = useState<Problem[]>(flow.problems);
  const [variables, setVariables] = useState(() => flowVariables(flow.document));
  const [panel, setPanel] = useState<RightPanel>(null);
  const [previewMounted, setPreviewMounted] = useState(false);
  const [problemsOpen, setProblemsOpen] = useState(true);
  const [publishOpen, setPublishOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [heatmap, setHeatmap] = useState(false);
  const [settingsMeta, setSettingsMeta] = useState<DocumentMeta | null>(null);
  const [paletteCollapsed, setPaletteCollapsed] = usePaletteCollapsed();
  const canvasRef = useRef<HTMLDivElement>(null);
  const flows = useFlowList();
  const knownFlowIds = useMemo(() => flows.data?.map((f) => f.id), [flows.data]);
  const knownRef = useRef<string[] | undefined>(undefined);

  const changed = useRef<() => void>(() => {});
  const onDocumentChange = useCallback(() => changed.current(), []);
  const state = useFlowState(flow.document, onDocumentChange);
  const {
    document: currentDocument,
    select,
    replace,
    deleteEdges,
    deleteBlocks,
    duplicate,
    layout: layoutBlocks,
    addBlock: insertBlock,
  } = state;
  const autosave = useAutosave({ flowId: flow.id, revision: flow.revision, getDocument: currentDocument, enabled: !readOnly });
  const { markDirty, flush, reset: resetAutosave, hasUnsaved } = autosave;
  const validateTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const validate = useCallback(() => {
    const doc = currentDocument();
    const next = validateFlow(doc, { knownFlowIds: knownRef.current });
    overlay.setProblems(next);
    setProblems(next);
    const vars = flowVariables(doc);
    setVariables((prev) => (JSON.stringify(prev) === JSON.stringify(vars) ? prev : vars));
  }, [currentDocument, overlay]);

  useEffect(() => {
    changed.current = () => {
      markDirty();
      clearTimeout(validateTimer.current);
      validateTimer.current = setTimeout(validate, VALIDATE_DELAY_MS);
    };
  });

  useEffect(() => {
    overlay.setProblems(flow.problems);
  }, [overlay, flow.problems]);

  // Go to flow targets are checked once the workspace's flows are known.
  useEffect(() => {
    if (!knownFlowIds) return;
    knownRef.current = knownFlowIds;
    const timer = setTimeout(validate, 0);
    return () => clearTimeout(timer);
  }, [knownFlowIds, validate]);

  useEffect(() => () => clearTimeout(validateTimer.current), []);

  useUnsavedWarning(hasUnsaved, flush);

  const { nodes, edges } = state;
  const selected = useMemo(() => nodes.filter((n) => n.selected), [nodes]);
  const single = selected.length === 1 ? selected[0] : undefined;
  const showInspector = panel === null && selected.length > 0;

  // Inspector inputs that stay identical while blocks are dragged around.
  const targetsKey = nodes.map((n) => `${n.id}\u0001${n.type}\u0001${n.data.label ?? ""}`).join("\u0002");
  const targets = useMemo<ConnectionTarget[]>(
    () =>
      targetsKey
        ? targetsKey
            .split("\u0002")
            .map((row) => row.split("\u0001") as [string, BlockType, string])
            .filter(([, type]) => type !== "trigger")
            .map(([id, type, label]) => ({ id, label: `${label || id} · ${blockDefinition(type).label}` }))
        : [],
    [targetsKey],
  );
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const row of targetsKey ? targetsKey.split("\u0002") : []) {
      const [id, type, label] = row.split("\u0001") as [string, BlockType, string];
      map.set(id, `${blockDefinition(type).label}${label ? ` “${label}”` : ` ${id}`}`);
    }
    return map;
  }, [targetsKey]);
  const singleId = single?.id;
  const connectionsKey = singleId
    ? edges
        .filter((e) => e.source === singleId)
        .map((e) => `${e.sourceHandle}\u0001${e.target}`)
        .join("\u0002")
    : "";
  const connections = useMemo<Record<string, string>>(
    () => Object.fromEntries(connectionsKey ? connectionsKey.split("\u0002").map((row) => row.split("\u0001") as [string, string]) : []),
    [connectionsKey],
  );

  const { errors: errorCount } = problemSummary(problems);

  const addBlock = useCallback(
    (type: BlockType, position?: { x: number; y: number }) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      if (position) {
        insertBlock(type, position);
      } else {
        let at: { x: number; y: number };
        if (single) {
          const next = nextToSelection(single, nodes, edges);
          at = next.position;
          insertBlock(type, at, next.from);
        } else {
          const center = rect ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 3 }) : { x: 0, y: 0 };
          at = freeSpot(nodes, { x: center.x - 132, y: center.y - 60 });
          insertBlock(type, at);
        }
        // Bring a block added off-screen into view.
        if (rect) {
          const topLeft = screenToFlowPosition({ x: rect.left, y: rect.top });
          const bottomRight = screenToFlowPosition({ x: rect.right - 360, y: rect.bottom });
          if (at.x < topLeft.x || at.y < topLeft.y || at.x + 264 > bottomRight.x || at.y + 120 > bottomRight.y) {
            requestAnimationFrame(() => void setCenter(at.x + 132, at.y + 70, { zoom: getZoom(), duration: 250 }));
          }
        }
      }
      setPanel(null);
    },
    [edges, getZoom, insertBlock, nodes, screenToFlowPosition, setCenter, single],
  );

  const focusBlock = useCallback(
    (id: string) => {
      select([id]);
      setPanel(null);
      const node = getNode(id);
      if (node) {
        const width = node.measured?.width ?? 264;
        const height = node.measured?.height ?? 120;
        void setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: Math.max(getZoom(), 0.9), duration: 300 });
      }
    },
    [getNode, getZoom, select, setCenter],
  );

  const layout = useCallback(() => {
    layoutBlocks();
    requestAnimationFrame(() => void fitView({ padding: 0.2, duration: 300, maxZoom: 1 }));
  }, [fitView, layoutBlocks]);

  const rename = useCallback(
    async (next: string) => {
      const previous = name;
      setName(next);
      try {
        await apiFetch<FlowView>(flowPath(flow.id), { method: "PUT", json: { name: next } });
        void queryClient.invalidateQueries({ queryKey: flowsKey, exact: true });
        toast.success("Flow renamed");
      } catch (error) {
        setName(previous);
        toast.error(errorMessage(error));
      }
    },
    [flow.id, name, queryClient],
  );

  const adopt = useCallback(
    (fresh: FlowView, dirty = false) => {
      if (!dirty) replace(fresh.document);
      resetAutosave(fresh.revision, dirty);
      setPublishedVersion(fresh.publishedVersion);
      queryClient.setQueryData(flowKey(flow.id), fresh);
      setTimeout(validate, 0);
    },
    [flow.id, queryClient, replace, resetAutosave, validate],
  );

  const restore = useCallback(
    async (version: number) => {
      if (!(await flush())) {
        toast.error("Your latest changes are not saved yet; restore again once they are.");
        return;
      }
      try {
        const fresh = await apiFetch<FlowView>(`${flowPath(flow.id)}/versions/${version}/restore`, { method: "POST" });
        adopt(fresh);
        toast.success(`Version ${version} restored as the draft`);
        requestAnimationFrame(() => void fitView({ padding: 0.2, duration: 300, maxZoom: 1 }));
      } catch (error) {
        toast.error(errorMessage(error));
      }
    },
    [adopt, fitView, flow.id, flush],
  );

  useShortcuts({
    undo: () => (readOnly ? false : void state.undo()),
    redo: () => (readOnly ? false : void state.redo()),
    copy: () => {
      const n = state.copy();
      if (!n) return false;
      toast.success(`Copied ${n} ${n === 1 ? "block" : "blocks"}`);
    },
    paste: () => (readOnly ? false : state.paste() > 0),
    duplicate: () => (readOnly ? false : void state.duplicate()),
    selectAll: () => void state.selectAll(),
    save: () => {
      if (readOnly) return;
      void flush().then((ok) => (ok ? toast.success("Saved") : null));
    },
    layout: () => (readOnly ? false : layout()),
    fitView: () => void fitView({ padding: 0.2, duration: 300, maxZoom: 1 }),
    test: () => {
      if (readOnly) return false;
      setPreviewMounted(true);
      setPanel("preview");
    },
    help: () => setShortcutsOpen(true),
    escape: () => {
      if (selected.length) select([]);
      else if (panel) setPanel(null);
      else return false;
    },
  });

  const editorContext = useMemo<EditorContextValue>(
    () => ({
      flowId: flow.id,
      readOnly,
      variables,
      flows: (flows.data ?? []).map((f) => ({ id: f.id, name: f.name, publishedVersion: f.publishedVersion })),
    }),
    [flow.id, flows.data, readOnly, variables],
  );
  const canvasActions = useMemo(() => ({ readOnly, deleteEdges }), [readOnly, deleteEdges]);

  const openPanel = useCallback(
    (next: RightPanel) => {
      if (next === "preview") setPreviewMounted(true);
      setPanel(next);
      // The side panel narrows the canvas: keep the whole flow in view.
      if (next && !panel && !selected.length) setTimeout(() => void fitView({ padding: 0.15, duration: 250, maxZoom: 1 }), 50);
    },
    [fitView, panel, selected.length],
  );

  // Opening the side panel narrows the canvas; pan so the selected block stays visible.
  const selectedId = single?.id;
  useEffect(() => {
    if (!selectedId) return;
    const frame = requestAnimationFrame(() => {
      const node = getNode(selectedId);
      const rect = canvasRef.current?.getBoundingClientRect();
      if (!node || !rect) return;
      const { x, y, zoom } = getViewport();
      const right = x + (node.position.x + (node.measured?.width ?? 264)) * zoom;
      const overflow = right - rect.width + 24;
      if (overflow > 0) void setViewport({ x: x - overflow, y, zoom }, { duration: 200 });
    });
    return () => cancelAnimationFrame(frame);
  }, [getNode, getViewport, selectedId, setViewport]);

  const onNodeClick = useCallback(() => setPanel(null), []);
  const onDeleteEdge = useCallback((id: string) => deleteEdges([id]), [deleteEdges]);
  const deleteBlock = useCallback((id: string) => deleteBlocks([id]), [deleteBlocks]);
  const clearSelection = useCallback(() => select([]), [select]);

  return (
    <EditorContextProvider value={editorContext}>
      <OverlayProvider value={overlay}>
        <CanvasActionsProvider value={canvasActions}>
          <div className="flex h-full min-h-0 flex-col overflow-hidden bg-background" data-testid="flow-editor" data-flow-id={flow.id}>
            <EditorToolbar
              name={name}
              readOnly={readOnly}
              publishedVersion={publishedVersion}
              saveState={autosave.state}
              errorCount={errorCount}
              canUndo={state.canUndo}
              canRedo={state.canRedo}
              heatmap={heatmap}
              panel={panel}
              onRename={rename}
              onRetrySave={() => void flush()}
              onUndo={state.undo}
              onRedo={state.redo}
              onLayout={layout}
              onToggleHeatmap={() => setHeatmap((h) => !h)}
              onPanel={openPanel}
              onShortcuts={() => setShortcutsOpen(true)}
              onSettings={() => setSettingsMeta(state.getMeta())}
              onPublish={() => setPublishOpen(true)}
              onShowProblems={() => setProblemsOpen(true)}
            />
            {autosave.state.status === "conflict" ? (
              <ConflictBanner
                flowId={flow.id}
                name={name}
                message={autosave.state.message}
                getDocument={currentDocument}
                onReload={(fresh) => adopt(fresh)}
                onOverwrite={(fresh) => adopt(fresh, true)}
              />
            ) : null}
            <div className="flex min-h-0 flex-1">
              {readOnly ? null : (
                <aside className={cn("shrink-0 border-r bg-background", paletteCollapsed ? "w-14" : "w-52 xl:w-60")} aria-label="Block palette">
                  <Palette onAdd={addBlock} collapsed={paletteCollapsed} onCollapsedChange={setPaletteCollapsed} />
                </aside>
              )}
              <div className="flex min-w-0 flex-1 flex-col">
                <div ref={canvasRef} className="relative min-h-0 flex-1">
                  <Canvas
                    nodes={nodes}
                    edges={edges}
                    readOnly={readOnly}
                    onNodesChange={state.onNodesChange}
                    onEdgesChange={state.onEdgesChange}
                    onNodeDragStart={state.onNodeDragStart}
                    onNodeDragStop={state.onNodeDragStop}
                    onConnect={state.connect}
                    onReconnect={state.reconnect}
                    onDeleteEdge={onDeleteEdge}
                    onDropBlock={addBlock}
                    onNodeClick={onNodeClick}
                  />
                  {nodes.length === 0 ? (
                    <div className="pointer-events-none absolute inset-0 flex items-center justify-center p-6" data-testid="canvas-empty">
                      <div className="max-w-sm rounded-xl border border-dashed bg-background/90 p-6 text-center shadow-sm">
                        <MousePointerClick aria-hidden className="mx-auto mb-2 size-6 text-primary" />
                        <p className="text-sm font-medium">Start with a Trigger</p>
                        <p className="mt-1 text-xs text-muted-foreground">
                          {readOnly
                            ? "This flow has no blocks yet."
                            : "Drag a Trigger from the left onto the canvas (or click it), then add Replies and Conditions and connect their dots."}
                        </p>
                      </div>
                    </div>
                  ) : null}
                  {heatmap ? <HeatmapControls flowId={flow.id} publishedVersion={publishedVersion} overlay={overlay} onClose={() => setHeatmap(false)} /> : null}
                </div>
                <ProblemsPanel problems={problems} names={names} open={problemsOpen} onOpenChange={setProblemsOpen} onSelect={focusBlock} />
              </div>
              {showInspector || panel || previewMounted ? (
                <aside
                  className={cn("w-80 shrink-0 border-l bg-background xl:w-96", showInspector || panel ? "" : "hidden")}
                  aria-label={panel === "preview" ? "Test phone" : panel === "history" ? "Version history" : "Block settings"}
                  data-testid="side-panel"
                >
                  {showInspector && single ? (
                    <Inspector
                      id={single.id}
                      type={single.type}
                      data={single.data}
                      targets={targets}
                      connections={connections}
                      problems={problems}
                      readOnly={readOnly}
                      onChange={state.updateBlock}
                      onConnect={state.setConnection}
                      onDelete={deleteBlock}
                      onDuplicate={duplicate}
                      onClose={clearSelection}
                    />
                  ) : null}
                  {showInspector && selected.length > 1 ? (
                    <MultiSelection
                      count={selected.length}
                      readOnly={readOnly}
                      onDuplicate={duplicate}
                      onDelete={() => deleteBlocks(selected.map((n) => n.id))}
                      onClose={clearSelection}
                    />
                  ) : null}
                  {panel === "history" ? (
                    <HistoryPanel
                      flowId={flow.id}
                      userId={userId}
                      readOnly={readOnly}
                      publishedVersion={publishedVersion}
                      onRestore={restore}
                      onClose={() => setPanel(null)}
                    />
                  ) : null}
                  {previewMounted ? (
                    <div className={panel === "preview" ? "h-full" : "hidden"}>
                      <PreviewPanel
                        flowId={flow.id}
                        getDocument={currentDocument}
                        overlay={overlay}
                        onClose={() => {
                          overlay.setPath(null);
                          setPanel(null);
                        }}
                      />
                    </div>
                  ) : null}
                </aside>
              ) : null}
            </div>
          </div>
          {readOnly ? null : (
            <PublishDialog
              flowId={flow.id}
              open={publishOpen}
              onOpenChange={setPublishOpen}
              flush={flush}
              onPublished={(result) => setPublishedVersion(result.version)}
            />
          )}
          <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
          {settingsMeta ? (
            <FlowSettingsDialog
              flow={flow}
              open
              onOpenChange={(open) => !open && setSettingsMeta(null)}
              readOnly={readOnly}
              meta={settingsMeta}
              onMetaChange={state.setMeta}
            />
          ) : null}
        </CanvasActionsProvider>
      </OverlayProvider>
    </EditorContextProvider>
  );
}
