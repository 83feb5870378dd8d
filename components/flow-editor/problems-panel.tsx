"use client";

import { AlertTriangle, CheckCircle2, ChevronDown, ChevronUp, CircleAlert } from "lucide-react";
import { memo } from "react";

import type { Problem } from "@/lib/flow";
import { cn } from "@/lib/utils";

export function problemSummary(problems: Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === "error") errors++;
    else warnings++;
  }
  return { errors, warnings };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The validator's list under the canvas. Clicking a problem selects its block. */
function ProblemsPanelView({
  problems,
  names,
  open,
  onOpenChange,
  onSelect,
}: {
  problems: Problem[];
  names: Map<string, string>;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSelect: (blockId: string) => void;
}) {
  const { errors, warnings } = problemSummary(problems);
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  return (
    <section aria-label="Problems" data-testid="problems-panel" className="border-t bg-background">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open && problems.length ? "problems-list" : undefined}
        data-testid="problems-toggle"
        onClick={() => onOpenChange(!open)}
        className="flex h-9 w-full items-center gap-3 px-3 text-left text-xs font-medium outline-none hover:bg-accent/40 focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset"
      >
        <span className="text-foreground">Problems</span>
        {problems.length === 0 ? (
          <span className="flex items-center gap-1 text-success" data-testid="problems-none">
            <CheckCircle2 aria-hidden className="size-3.5" />
            None — ready to publish
          </span>
        ) : (
          <span className="flex items-center gap-3" data-testid="problems-count">
            {errors ? (
              <span className="flex items-center gap-1 text-destructive">
                <CircleAlert aria-hidden className="size-3.5" />
                {plural(errors, "error")}
              </span>
            ) : null}
            {warnings ? (
              <span className="flex items-center gap-1 text-warning">
                <AlertTriangle aria-hidden className="size-3.5" />
                {plural(warnings, "warning")}
              </span>
            ) : null}
          </span>
        )}
        <span className="ml-auto text-muted-foreground">
          {open ? <ChevronDown aria-hidden className="size-4" /> : <ChevronUp aria-hidden className="size-4" />}
          <span className="sr-only">{open ? "Hide problems" : "Show problems"}</span>
        </span>
      </button>
      {open && problems.length ? (
        <ul id="problems-list" data-testid="problems-list" className="relative max-h-32 overflow-y-auto border-t px-1 py-1">
          {sorted.map((problem, index) => {
            const name = problem.blockId ? (names.get(problem.blockId) ?? problem.blockId) : "Flow";
            const Icon = problem.severity === "error" ? CircleAlert : AlertTriangle;
            const content = (
              <>
                <Icon aria-hidden className={cn("mt-px size-3.5 shrink-0", problem.severity === "error" ? "text-destructive" : "text-warning")} />
                <span className="sr-only">{problem.severity === "error" ? "Error" : "Warning"}: </span>
                <span className="shrink-0 font-medium">{name}</span>
                <span className="text-muted-foreground">{problem.message}</span>
              </>
            );
            return (
              <li key={`${problem.code}-${problem.blockId ?? ""}-${problem.edgeId ?? ""}-${index}`}>
                {problem.blockId ? (
                  <button
                    type="button"
                    data-testid="problem-item"
                    data-block-id={problem.blockId}
                    data-code={problem.code}
                    onClick={() => onSelect(problem.blockId!)}
                    className="flex w-full items-start gap-2 rounded px-2 py-1.5 text-left text-xs outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  >
                    {content}
                  </button>
                ) : (
                  <p data-testid="problem-item" data-code={problem.code} className="flex items-start gap-2 px-2 py-1.5 text-xs">
                    {content}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

export const ProblemsPanel = memo(ProblemsPanelView);
