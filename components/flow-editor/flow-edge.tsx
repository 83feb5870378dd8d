"use client";

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from "@xyflow/react";
import { X } from "lucide-react";
import { memo } from "react";

import { cn } from "@/lib/utils";

import { useCanvasActions } from "./canvas-actions";
import { useEdgeOverlay } from "./overlay-store";
import type { FlowEdge } from "./types";

/** A connection: bezier, a delete button while selected, and the heat / path overlays. */
function FlowEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, source, target, sourceHandleId, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  const overlay = useEdgeOverlay(source, sourceHandleId, target);
  const { readOnly, deleteEdges } = useCanvasActions();

  const heat = overlay.count !== undefined;
  const stroke = selected
    ? "var(--primary)"
    : overlay.inPath
      ? "#0284c7"
      : heat
        ? `color-mix(in oklab, #f97316 ${Math.round(35 + (overlay.share ?? 0) * 65)}%, transparent)`
        : undefined;
  const strokeWidth = overlay.inPath ? 3 : heat ? 1.5 + (overlay.share ?? 0) * 6 : selected ? 2.5 : 1.75;

  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={24}
        className={cn(overlay.inPath ? "flow-edge-path" : "")}
        style={{ stroke, strokeWidth }}
      />
      {heat || (selected && !readOnly) ? (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan pointer-events-auto absolute flex items-center gap-1"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {heat ? (
              <span data-testid="edge-heat" className="rounded-full border bg-background px-1.5 text-[11px] font-semibold text-orange-700 shadow-sm dark:text-orange-300">
                {overlay.count}
              </span>
            ) : null}
            {selected && !readOnly ? (
              <button
                type="button"
                aria-label="Delete this connection"
                title="Delete this connection (Delete)"
                data-testid="edge-delete"
                onClick={() => deleteEdges([id])}
                className="flex size-6 items-center justify-center rounded-full border bg-background text-muted-foreground shadow-sm hover:bg-destructive hover:text-destructive-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
              >
                <X aria-hidden className="size-3.5" />
              </button>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const FlowEdgeComponent = memo(FlowEdgeView);
