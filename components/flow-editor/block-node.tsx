"use client";

import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { AlertTriangle, CircleAlert } from "lucide-react";
import { memo, useEffect, useMemo, useRef } from "react";

import { blockDefinition, type BlockType } from "@/lib/flow";
import { cn } from "@/lib/utils";

import { CATEGORY_STYLE, BlockIcon } from "./block-icons";
import { blockUiOf } from "./block-ui";
import { useBlockOverlay } from "./overlay-store";
import type { BlockNode } from "./types";

export const NODE_WIDTH = 264;

const numberFormat = new Intl.NumberFormat("en", { notation: "compact" });

/**
 * The shell every block shares on the canvas: header (icon, type, name), the block's own
 * summary (its node.tsx), one labelled handle per output, and the overlays — problem
 * badge and outline, heat, the preview's path.
 */
function BlockNodeView({ id, type, data, selected }: NodeProps<BlockNode>) {
  const definition = blockDefinition(type as BlockType);
  const { Node } = blockUiOf(type as BlockType);
  const style = CATEGORY_STYLE[definition.category];
  const outputs = useMemo(() => definition.outputs(data.settings as never), [definition, data.settings]);
  const overlay = useBlockOverlay(id);
  const updateNodeInternals = useUpdateNodeInternals();
  const signature = outputs.map((o) => o.id).join("\u0000");
  // React Flow measures handles when a node mounts; re-measure only when the outputs change
  // (measuring all 150 nodes again on mount forces 150 layouts).
  const measured = useRef(signature);
  useEffect(() => {
    if (measured.current === signature) return;
    measured.current = signature;
    updateNodeInternals(id);
  }, [id, signature, updateNodeInternals]);

  const problemCount = overlay.errors.length + overlay.warnings.length;
  const hasErrors = overlay.errors.length > 0;
  const heat = overlay.heat;

  return (
    <div
      data-testid="flow-node"
      data-block-id={id}
      data-block-type={type}
      data-problems={problemCount || undefined}
      data-step={overlay.step}
      className={cn(
        "relative rounded-xl border bg-card text-card-foreground",
        hasErrors ? "border-destructive ring-2 ring-destructive/40" : problemCount ? "border-warning ring-2 ring-warning/40" : "",
        overlay.step ? "ring-2 ring-sky-500" : "",
        overlay.current ? "ring-4 ring-sky-500/60" : "",
        selected ? "border-primary shadow-md ring-2 ring-primary" : "",
      )}
      style={{ width: NODE_WIDTH }}
    >
      {heat ? (
        <div
          aria-hidden
          className="pointer-events-none absolute inset-0 rounded-xl bg-orange-500"
          style={{ opacity: 0.06 + heat.share * 0.3 }}
        />
      ) : null}
      {type === "trigger" ? null : (
        <Handle
          type="target"
          position={Position.Left}
          data-testid={`handle-${id}-in`}
          className="!h-4 !w-2 !rounded-sm !border-2 !border-card !bg-muted-foreground"
        />
      )}
      <div className={cn("h-1 rounded-t-[11px]", style.bar)} aria-hidden />
      <header className="relative flex items-center gap-2 px-3 pt-2">
        <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-md", style.accent)}>
          <BlockIcon type={type as BlockType} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          {data.label ? (
            <>
              <p className="text-[11px] leading-tight font-medium tracking-wide text-muted-foreground uppercase">{definition.label}</p>
              <p className="truncate text-sm leading-tight font-semibold" data-testid="node-label">
                {data.label}
              </p>
            </>
          ) : (
            <p className="truncate text-sm leading-tight font-semibold" data-testid="node-label">
              {definition.label}
            </p>
          )}
        </div>
        {problemCount ? (
          <span
            data-testid="node-problem-badge"
            data-severity={hasErrors ? "error" : "warning"}
            title={[...overlay.errors, ...overlay.warnings].join("\n")}
            className={cn(
              "flex h-6 min-w-6 shrink-0 items-center justify-center gap-0.5 rounded-full px-1.5 text-xs font-semibold",
              hasErrors ? "bg-destructive text-destructive-foreground" : "bg-warning text-white dark:text-black",
            )}
          >
            {hasErrors ? <CircleAlert aria-hidden className="size-3.5" /> : <AlertTriangle aria-hidden className="size-3.5" />}
            {problemCount}
            <span className="sr-only">
              {` ${problemCount === 1 ? "problem" : "problems"}: ${[...overlay.errors, ...overlay.warnings].join(" ")}`}
            </span>
          </span>
        ) : null}
        {overlay.step ? (
          <span className="absolute -top-5 -left-1 rounded-full bg-sky-700 px-1.5 text-[10px] font-semibold text-white" data-testid="node-path-step">
            step {overlay.step}
          </span>
        ) : null}
      </header>
      <div className="relative px-3 pt-1.5 pb-2.5">
        <Node settings={data.settings} />
      </div>
      {heat ? (
        <p
          data-testid="node-heat"
          className="relative mx-3 mb-2 flex flex-wrap gap-x-2 rounded-md bg-orange-500/15 px-2 py-1 text-[11px] font-medium text-orange-800 dark:text-orange-200"
        >
          <span>{numberFormat.format(heat.visits)} visits</span>
          <span>
            {numberFormat.format(heat.dropOffs)} stopped here
            {heat.visits ? ` (${Math.round((heat.dropOffs / heat.visits) * 100)}%)` : ""}
          </span>
        </p>
      ) : null}
      {outputs.length ? (
        <ul className="relative border-t py-1" aria-label="Outputs">
          {outputs.map((output) => (
            <li key={output.id} className="relative flex h-6 items-center justify-end pr-4 pl-3 text-[11px] text-muted-foreground">
              <span className="truncate" data-testid="node-output-label">
                {output.label}
              </span>
              <Handle
                type="source"
                position={Position.Right}
                id={output.id}
                data-testid={`handle-${id}-${output.id}`}
                title={`Drag to connect “${output.label}”`}
                className="!size-3 !border-2 !border-card !bg-primary"
              />
            </li>
          ))}
        </ul>
      ) : (
        <div className="h-1" />
      )}
    </div>
  );
}

export const BlockNodeComponent = memo(BlockNodeView);
