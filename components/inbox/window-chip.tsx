"use client";

import { Clock } from "lucide-react";

import { cn } from "@/lib/utils";

import { windowState } from "./format";

/** The 24-hour window as a chip: time left (amber in the last hour), or closed. */
export function WindowChip({ expiresAt, now, compact = false }: { expiresAt: string | null | undefined; now: number; compact?: boolean }) {
  const win = windowState(expiresAt, now);
  return (
    <span
      data-testid="window-state"
      data-open={win.open ? "true" : "false"}
      title={win.open ? "Free-form messages allowed until the 24-hour customer-service window closes" : "More than 24 hours since the customer wrote: only templates can be sent"}
      className={cn(
        "inline-flex items-center gap-1 rounded-full text-xs whitespace-nowrap tabular-nums",
        compact ? "" : "border px-2 py-0.5",
        win.open ? (win.urgent ? "border-amber-400/60 text-amber-700 dark:text-amber-400" : "text-muted-foreground") : "border-destructive/30 text-destructive",
      )}
    >
      <Clock aria-hidden className="size-3" />
      {compact ? (win.open ? win.label.replace(" left", "") : "closed") : win.open ? `24-hour window: ${win.label}` : "24-hour window closed"}
    </span>
  );
}
