"use client";

import { AlertTriangle, CircleAlert, Copy, Trash2, X } from "lucide-react";
import { memo, useId, useMemo } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { blockDefinition, type Problem } from "@/lib/flow";
import { cn } from "@/lib/utils";

import { CATEGORY_STYLE, BlockIcon } from "./block-icons";
import { blockUiOf } from "./block-ui";
import { Counter, Section } from "./fields";
import type { BlockNode } from "./types";

/** Problems the validator finds from the graph; settings problems are computed live here instead. */
const GRAPH_CODES = new Set([
  "dangling_output",
  "unreachable_block",
  "multiple_triggers",
  "edge_source_missing",
  "edge_target_missing",
  "edge_into_trigger",
  "edge_unknown_output",
  "output_connected_twice",
  "unknown_flow",
  "duplicate_block_id",
]);

type Issue = { severity: "error" | "warning"; message: string };

function ProblemList({ issues }: { issues: Issue[] }) {
  if (!issues.length) return null;
  return (
    <ul data-testid="inspector-problems" aria-label="Problems with this block" className="grid gap-1.5">
      {issues.map((issue, index) => (
        <li
          key={index}
          className={cn(
            "flex items-start gap-2 rounded-md px-2.5 py-2 text-xs",
            issue.severity === "error" ? "bg-destructive/10 text-destructive" : "bg-warning/10 text-warning",
          )}
        >
          {issue.severity === "error" ? <CircleAlert aria-hidden className="mt-px size-3.5 shrink-0" /> : <AlertTriangle aria-hidden className="mt-px size-3.5 shrink-0" />}
          <span>
            <span className="sr-only">{issue.severity === "error" ? "Error: " : "Warning: "}</span>
            {issue.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

export type ConnectionTarget = { id: string; label: string };

function Connections({
  node,
  targets,
  connections,
  readOnly,
  onConnect,
}: {
  node: Pick<BlockNode, "id" | "type" | "data">;
  targets: ConnectionTarget[];
  connections: Record<string, string>;
  readOnly: boolean;
  onConnect: (source: string, output: string, target: string | null) => void;
}) {
  const outputs = blockDefinition(node.type).outputs(node.data.settings as never);
  const baseId = useId();
  if (!outputs.length) return null;
  return (
    <Section title="Goes to" description="Where each output leads. You can also drag from the dots on the canvas.">
      {outputs.map((output) => {
        const id = `${baseId}-${output.id}`;
        return (
          <div key={output.id} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] items-center gap-2">
            <Label htmlFor={id} className="truncate text-xs">
              {output.label}
              {output.required ? <span className="text-muted-foreground"> (required)</span> : null}
            </Label>
            <select
              id={id}
              value={connections[output.id] ?? ""}
              disabled={readOnly}
              data-testid={`inspector-connection-${output.id}`}
              onChange={(event) => onConnect(node.id, output.id, event.target.value || null)}
              className="h-8 min-w-0 rounded-md border border-input bg-transparent px-2 text-xs shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-60 dark:bg-input/30"
            >
              <option value="">Not connected</option>
              {targets.filter((t) => t.id !== node.id).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </Section>
  );
}

export type InspectorProps = {
  /** The selected block's id, type and data — not the node, whose position changes on every drag frame. */
  id: string;
  type: BlockNode["type"];
  data: BlockNode["data"];
  /** Blocks a connection can lead to (memoized by the editor so dragging doesn't re-render this). */
  targets: ConnectionTarget[];
  /** output id → target block id, for this block. */
  connections: Record<string, string>;
  problems: Problem[];
  readOnly: boolean;
  onChange: (id: string, change: { settings?: unknown; label?: string }) => void;
  onConnect: (source: string, output: string, target: string | null) => void;
  onDelete: (id: string) => void;
  onDuplicate: () => void;
  onClose: () => void;
};

/** The selected block's settings: name, its own form (panel.tsx), live problems, connections. */
function InspectorView({ id, type, data, targets, connections, problems, readOnly, onChange, onConnect, onDelete, onDuplicate, onClose }: InspectorProps) {
  const node = useMemo(() => ({ id, type, data }) as Pick<BlockNode, "id" | "type" | "data">, [id, type, data]);
  const definition = blockDefinition(node.type);
  const { Panel } = blockUiOf(node.type);
  const style = CATEGORY_STYLE[definition.category];
  const labelId = useId();
  const settings = node.data.settings;

  const issues = useMemo<Issue[]>(() => {
    const parsed = definition.settings.safeParse(settings);
    const live: Issue[] = parsed.success
      ? definition.check(parsed.data as never).map((i) => ({ severity: i.severity ?? "error", message: i.message }))
      : parsed.error.issues.map((i) => ({ severity: "error", message: `${i.path.join(".")}: ${i.message}` }));
    const graph = problems
      .filter((p) => p.blockId === node.id && GRAPH_CODES.has(p.code))
      .map((p) => ({ severity: p.severity, message: p.message }));
    return [...live, ...graph].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  }, [definition, settings, problems, node.id]);

  return (
    <div className="flex h-full flex-col" data-testid="inspector" data-block-id={node.id}>
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <span className={cn("flex size-8 shrink-0 items-center justify-center rounded-md", style.accent)}>
          <BlockIcon type={node.type} className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-sm leading-tight font-semibold">{definition.label}</h2>
          <p className="truncate font-mono text-[11px] text-muted-foreground" title="Block id">
            {node.id}
          </p>
        </div>
        {readOnly ? null : (
          <>
            <Button variant="ghost" size="icon-sm" aria-label="Duplicate block" title="Duplicate (Ctrl+D)" onClick={onDuplicate}>
              <Copy aria-hidden />
            </Button>
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label="Delete block"
              title="Delete block (Delete)"
              data-testid="inspector-delete"
              className="hover:bg-destructive/10 hover:text-destructive"
              onClick={() => onDelete(node.id)}
            >
              <Trash2 aria-hidden />
            </Button>
          </>
        )}
        <Button variant="ghost" size="icon-sm" aria-label="Close settings" data-testid="inspector-close" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </header>
      <div className="relative grid flex-1 content-start gap-4 overflow-y-auto p-4">
        <p className="-mt-1 text-xs text-muted-foreground">{definition.description}</p>
        <div className="grid gap-1.5">
          <div className="flex items-end justify-between">
            <Label htmlFor={labelId} className="text-xs font-medium">
              Name on the canvas
            </Label>
            <Counter id={`${labelId}-count`} length={node.data.label?.length ?? 0} max={100} />
          </div>
          <Input
            id={labelId}
            value={node.data.label ?? ""}
            placeholder={`e.g. ${node.type === "reply" ? "Pricing" : node.type === "condition" ? "Price or support?" : definition.label}`}
            disabled={readOnly}
            autoComplete="off"
            aria-describedby={`${labelId}-count`}
            data-testid="inspector-label"
            onChange={(event) => onChange(node.id, { label: event.target.value.slice(0, 100) })}
          />
        </div>
        <ProblemList issues={issues} />
        <Panel
          blockId={node.id}
          settings={settings}
          readOnly={readOnly}
          onChange={(next) => onChange(node.id, { settings: next })}
        />
        <Connections node={node} targets={targets} connections={connections} readOnly={readOnly} onConnect={onConnect} />
      </div>
    </div>
  );
}

export const Inspector = memo(InspectorView);

export function MultiSelection({
  count,
  readOnly,
  onDuplicate,
  onDelete,
  onClose,
}: {
  count: number;
  readOnly: boolean;
  onDuplicate: () => void;
  onDelete: () => void;
  onClose: () => void;
}) {
  return (
    <div className="flex h-full flex-col" data-testid="inspector-multi">
      <header className="flex items-center justify-between border-b px-4 py-3">
        <h2 className="text-sm font-semibold">{count} blocks selected</h2>
        <Button variant="ghost" size="icon-sm" aria-label="Close" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </header>
      <div className="grid gap-2 p-4 text-sm text-muted-foreground">
        <p>Drag any of them to move them together. Copy with Ctrl+C and paste into this or another flow with Ctrl+V.</p>
        {readOnly ? null : (
          <div className="flex gap-2">
            <Button variant="outline" size="sm" onClick={onDuplicate} data-testid="multi-duplicate">
              <Copy aria-hidden />
              Duplicate
            </Button>
            <Button variant="outline" size="sm" onClick={onDelete} data-testid="multi-delete" className="text-destructive">
              <Trash2 aria-hidden />
              Delete
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
