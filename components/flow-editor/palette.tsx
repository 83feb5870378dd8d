"use client";

import { PanelLeftClose, PanelLeftOpen } from "lucide-react";
import { useCallback, useSyncExternalStore } from "react";

import { Button } from "@/components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { BLOCK_TYPES, blockDefinition, type BlockType } from "@/lib/flow";
import { cn } from "@/lib/utils";

import { BlockIcon, CATEGORY_STYLE } from "./block-icons";

export const PALETTE_MIME = "application/x-tickflow-block";

const ORDER = ["trigger", "message", "logic", "integration", "action"] as const;
const STORAGE_KEY = "tickflow.palette-collapsed";
const listeners = new Set<() => void>();

/** Whether the palette is folded to icons, remembered in this browser. */
export function usePaletteCollapsed(): [boolean, (collapsed: boolean) => void] {
  const collapsed = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => localStorage.getItem(STORAGE_KEY) === "1",
    () => false,
  );
  const set = useCallback((next: boolean) => {
    try {
      localStorage.setItem(STORAGE_KEY, next ? "1" : "0");
    } catch {
      /* not stored; fine */
    }
    listeners.forEach((l) => l());
  }, []);
  return [collapsed, set];
}

/** Every block type, with its icon and what it does. Drag one onto the canvas, or click (Enter) to add it. */
export function Palette({
  onAdd,
  collapsed,
  onCollapsedChange,
}: {
  onAdd: (type: BlockType) => void;
  collapsed: boolean;
  onCollapsedChange: (collapsed: boolean) => void;
}) {
  return (
    <nav aria-label="Blocks" data-testid="palette" data-collapsed={collapsed || undefined} className="relative flex h-full flex-col overflow-y-auto">
      <div className={cn("flex items-center gap-1 px-2 pt-2", collapsed ? "justify-center" : "justify-between")}>
        {collapsed ? null : <p className="px-1 text-xs text-muted-foreground">Drag onto the canvas, or click to add.</p>}
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={collapsed ? "Show block descriptions" : "Fold the palette to icons"}
          aria-expanded={!collapsed}
          data-testid="palette-collapse"
          onClick={() => onCollapsedChange(!collapsed)}
        >
          {collapsed ? <PanelLeftOpen aria-hidden /> : <PanelLeftClose aria-hidden />}
        </Button>
      </div>
      {ORDER.map((category) => {
        const types = BLOCK_TYPES.filter((t) => blockDefinition(t).category === category);
        if (!types.length) return null;
        const style = CATEGORY_STYLE[category];
        return (
          <div key={category} className="px-2 pt-2">
            <h2 className={cn("px-1 pb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase", collapsed ? "sr-only" : "")}>
              {style.label}
            </h2>
            <ul className="grid gap-1">
              {types.map((type) => {
                const definition = blockDefinition(type);
                const button = (
                  <button
                    type="button"
                    draggable
                    data-testid={`palette-item-${type}`}
                    aria-describedby={`palette-desc-${type}`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(PALETTE_MIME, type);
                      event.dataTransfer.effectAllowed = "copy";
                    }}
                    onClick={() => onAdd(type)}
                    className={cn(
                      "flex w-full cursor-grab items-start gap-2 rounded-lg border border-transparent text-left transition-colors outline-none hover:border-border hover:bg-accent/50 focus-visible:ring-[3px] focus-visible:ring-ring/50 active:cursor-grabbing",
                      collapsed ? "justify-center p-1.5" : "p-2",
                    )}
                  >
                    <span className={cn("mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md", style.accent)}>
                      <BlockIcon type={type} className="size-4" />
                    </span>
                    <span className={collapsed ? "sr-only" : "min-w-0"}>
                      <span className="block text-sm font-medium">
                        <span className="sr-only">Add </span>
                        {definition.label}
                      </span>
                      <span id={`palette-desc-${type}`} className="line-clamp-2 text-xs leading-snug text-muted-foreground">
                        {definition.description}
                      </span>
                    </span>
                  </button>
                );
                return (
                  <li key={type}>
                    {collapsed ? (
                      <Tooltip>
                        <TooltipTrigger asChild>{button}</TooltipTrigger>
                        <TooltipContent side="right" className="max-w-60">
                          <strong>{definition.label}</strong> — {definition.description}
                        </TooltipContent>
                      </Tooltip>
                    ) : (
                      button
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
