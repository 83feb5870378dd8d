"use client";

import { useQuery } from "@tanstack/react-query";
import { Flame, X } from "lucide-react";
import { useEffect, useId, useState } from "react";

import { ApiError, apiFetch } from "@/components/data/api-fetch";
import { Button } from "@/components/ui/button";
import { inputClassName } from "@/components/ui/input";
import { cn } from "@/lib/utils";

import type { HeatData, OverlayStore } from "./overlay-store";
import { flowPath, useVersions } from "./queries";

type Stats = HeatData & { version: number | null; sessions: number };

const RANGES = [
  { value: "24h", label: "Last 24 hours", hours: 24 },
  { value: "7d", label: "Last 7 days", hours: 24 * 7 },
  { value: "30d", label: "Last 30 days", hours: 24 * 30 },
] as const;

/**
 * The heat map's controls (time range, version) over the canvas. The numbers themselves
 * are drawn by the nodes and edges from the overlay store: visits per block and edge, and
 * drop-offs — sessions that stopped at a block.
 */
export function HeatmapControls({
  flowId,
  publishedVersion,
  overlay,
  onClose,
}: {
  flowId: string;
  publishedVersion: number | null;
  overlay: OverlayStore;
  onClose: () => void;
}) {
  const id = useId();
  const [range, setRange] = useState<(typeof RANGES)[number]["value"]>("7d");
  const [version, setVersion] = useState<string>(publishedVersion ? String(publishedVersion) : "");
  const versions = useVersions(flowId);
  const hours = RANGES.find((r) => r.value === range)!.hours;

  const stats = useQuery({
    queryKey: ["v1", "flows", flowId, "stats", version, range],
    queryFn: () => {
      const to = new Date();
      const from = new Date(to.getTime() - hours * 3600_000);
      const params = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
      if (version) params.set("version", version);
      return apiFetch<Stats>(`${flowPath(flowId)}/stats?${params}`);
    },
    retry: false,
  });

  useEffect(() => {
    overlay.setHeat(stats.data ? { blocks: stats.data.blocks, edges: stats.data.edges } : null);
  }, [overlay, stats.data]);
  useEffect(() => () => overlay.setHeat(null), [overlay]);

  const missing = stats.error instanceof ApiError && (stats.error.status === 404 || stats.error.status === 405);
  const selectClass = cn(inputClassName, "h-8 py-0 text-xs");

  return (
    <div
      className="absolute top-3 left-3 z-10 grid w-[22rem] max-w-[calc(100%-1.5rem)] gap-2 rounded-xl border bg-background/95 p-3 shadow-md backdrop-blur"
      data-testid="heatmap-panel"
      role="region"
      aria-label="Heat map"
    >
      <div className="flex items-center gap-2">
        <Flame aria-hidden className="size-4 text-orange-500" />
        <h2 className="flex-1 text-sm font-semibold">Heat map</h2>
        <Button variant="ghost" size="icon-sm" aria-label="Close the heat map" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <div className="grid gap-1">
          <label htmlFor={`${id}-range`} className="text-[11px] font-medium text-muted-foreground">
            Time
          </label>
          <select id={`${id}-range`} value={range} onChange={(e) => setRange(e.target.value as typeof range)} className={selectClass} data-testid="heatmap-range">
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <label htmlFor={`${id}-version`} className="text-[11px] font-medium text-muted-foreground">
            Version
          </label>
          <select id={`${id}-version`} value={version} onChange={(e) => setVersion(e.target.value)} className={selectClass} data-testid="heatmap-version">
            <option value="">Live version</option>
            {(versions.data ?? []).map((v) => (
              <option key={v.version} value={String(v.version)}>
                Version {v.version}
                {v.version === publishedVersion ? " (live)" : ""}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="heatmap-summary">
        {stats.isPending
          ? "Loading…"
          : missing
            ? "Visit statistics are not available on this server yet (GET …/stats is missing)."
            : stats.error
              ? stats.error.message
              : stats.data.sessions === 0
                ? "No conversations in this period yet. Try a longer time range, or test the bot in the Simulator."
                : `${stats.data.sessions} conversations. On each block: visits and how many stopped there; on each connection: how many took it.`}
      </p>
    </div>
  );
}
