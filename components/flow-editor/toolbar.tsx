"use client";

import {
  ArrowLeft,
  Check,
  CircleAlert,
  Flame,
  History,
  Keyboard,
  LayoutDashboard,
  Loader2,
  Pencil,
  Redo2,
  Rocket,
  Settings2,
  Smartphone,
  Undo2,
} from "lucide-react";
import Link from "next/link";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/lib/utils";

import type { SaveState } from "./hooks/use-autosave";

function IconButton({
  label,
  shortcut,
  onClick,
  disabled,
  pressed,
  testId,
  children,
}: {
  label: string;
  shortcut?: string;
  onClick: () => void;
  disabled?: boolean;
  pressed?: boolean;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <Button
          variant={pressed ? "secondary" : "ghost"}
          size="icon-sm"
          aria-label={label}
          aria-keyshortcuts={shortcut}
          aria-pressed={pressed}
          disabled={disabled}
          data-testid={testId}
          onClick={onClick}
          className={cn(pressed ? "text-primary" : "", disabled ? "disabled:pointer-events-auto" : "")}
        >
          {children}
        </Button>
      </TooltipTrigger>
      <TooltipContent>
        {label}
        {shortcut ? <span className="ml-1.5 opacity-70">{shortcut.replace(/Control/g, "Ctrl")}</span> : null}
      </TooltipContent>
    </Tooltip>
  );
}

export function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const { status } = state;
  return (
    <div className="flex items-center gap-1.5 text-xs whitespace-nowrap" data-testid="save-status" data-status={status} role="status" aria-live="polite">
      {status === "saved" ? (
        <span className="flex items-center gap-1 text-muted-foreground">
          <Check aria-hidden className="size-3.5 text-success" />
          Saved
        </span>
      ) : status === "saving" ? (
        <span className="flex items-center gap-1 text-muted-foreground">
          <Loader2 aria-hidden className="size-3.5 animate-spin" />
          Saving…
        </span>
      ) : status === "unsaved" ? (
        <span className="flex items-center gap-1 text-muted-foreground">
          <span aria-hidden className="size-2 rounded-full bg-warning" />
          Unsaved changes
        </span>
      ) : status === "conflict" ? (
        <span className="flex items-center gap-1 font-medium text-destructive">
          <CircleAlert aria-hidden className="size-3.5" />
          Not saved: edited elsewhere
        </span>
      ) : (
        <span className="flex items-center gap-1 font-medium text-destructive" title={state.message}>
          <CircleAlert aria-hidden className="size-3.5" />
          Not saved
          <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={onRetry} data-testid="save-retry">
            Retry
          </Button>
        </span>
      )}
    </div>
  );
}

function FlowName({ name, readOnly, onRename }: { name: string; readOnly: boolean; onRename: (name: string) => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  if (editing) {
    return (
      <form
        className="flex min-w-0 items-center"
        onSubmit={(event) => {
          event.preventDefault();
          const next = value.trim();
          setEditing(false);
          if (next && next !== name) void onRename(next);
        }}
      >
        <label htmlFor="flow-name-input" className="sr-only">
          Flow name
        </label>
        <Input
          id="flow-name-input"
          data-testid="flow-name-input"
          autoFocus
          value={value}
          maxLength={120}
          onChange={(event) => setValue(event.target.value)}
          onBlur={(event) => event.currentTarget.form?.requestSubmit()}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              setValue(name);
              setEditing(false);
            }
          }}
          className="h-8 w-56"
        />
      </form>
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-1">
      <h1 className="truncate text-base font-semibold" data-testid="flow-name" title={name}>
        {name}
      </h1>
      {readOnly ? null : (
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label="Rename flow"
          data-testid="flow-rename"
          onClick={() => {
            setValue(name);
            setEditing(true);
          }}
        >
          <Pencil aria-hidden className="size-3.5" />
        </Button>
      )}
    </div>
  );
}

export type RightPanel = "inspector" | "preview" | "history" | null;

export function EditorToolbar({
  name,
  readOnly,
  publishedVersion,
  saveState,
  errorCount,
  canUndo,
  canRedo,
  heatmap,
  panel,
  onRename,
  onRetrySave,
  onUndo,
  onRedo,
  onLayout,
  onToggleHeatmap,
  onPanel,
  onShortcuts,
  onSettings,
  onPublish,
  onShowProblems,
}: {
  name: string;
  readOnly: boolean;
  publishedVersion: number | null;
  saveState: SaveState;
  errorCount: number;
  canUndo: boolean;
  canRedo: boolean;
  heatmap: boolean;
  panel: RightPanel;
  onRename: (name: string) => Promise<void>;
  onRetrySave: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onToggleHeatmap: () => void;
  onPanel: (panel: RightPanel) => void;
  onShortcuts: () => void;
  onSettings: () => void;
  onPublish: () => void;
  onShowProblems: () => void;
}) {
  const publishBlocked = errorCount > 0;
  return (
    <div className="flex h-12 shrink-0 items-center gap-2 border-b bg-background px-2 lg:px-3" data-testid="editor-toolbar">
      <Button variant="ghost" size="icon-sm" asChild>
        <Link href="/flows" aria-label="Back to flows" data-testid="back-to-flows">
          <ArrowLeft aria-hidden />
        </Link>
      </Button>
      <FlowName name={name} readOnly={readOnly} onRename={onRename} />
      <Badge variant={publishedVersion ? "success" : "muted"} data-testid="flow-published-badge" className="hidden xl:inline-flex">
        {publishedVersion ? `Live: v${publishedVersion}` : "Not published"}
      </Badge>
      {readOnly ? (
        <Badge variant="outline" data-testid="read-only-badge">
          Read only
        </Badge>
      ) : (
        <SaveStatus state={saveState} onRetry={onRetrySave} />
      )}
      <div className="ml-auto flex items-center gap-0.5">
        {readOnly ? null : (
          <>
            <IconButton label="Undo" shortcut="Control+Z" onClick={onUndo} disabled={!canUndo} testId="undo">
              <Undo2 aria-hidden />
            </IconButton>
            <IconButton label="Redo" shortcut="Control+Shift+Z" onClick={onRedo} disabled={!canRedo} testId="redo">
              <Redo2 aria-hidden />
            </IconButton>
            <IconButton label="Tidy up (auto-layout)" shortcut="Control+Shift+L" onClick={onLayout} testId="auto-layout">
              <LayoutDashboard aria-hidden />
            </IconButton>
          </>
        )}
        <IconButton label="Heat map: visits and drop-offs" onClick={onToggleHeatmap} pressed={heatmap} testId="heatmap-toggle">
          <Flame aria-hidden />
        </IconButton>
        <IconButton
          label="Version history"
          onClick={() => onPanel(panel === "history" ? null : "history")}
          pressed={panel === "history"}
          testId="history-open"
        >
          <History aria-hidden />
        </IconButton>
        <IconButton label="Flow settings: channels, timeout, variables" onClick={onSettings} testId="flow-settings-open">
          <Settings2 aria-hidden />
        </IconButton>
        <IconButton label="Keyboard shortcuts" shortcut="?" onClick={onShortcuts} testId="shortcuts-open">
          <Keyboard aria-hidden />
        </IconButton>
        {readOnly ? null : (
          <Button
            variant={panel === "preview" ? "secondary" : "outline"}
            size="sm"
            className="ml-1"
            aria-pressed={panel === "preview"}
            aria-keyshortcuts="Control+Enter"
            data-testid="preview-open"
            onClick={() => onPanel(panel === "preview" ? null : "preview")}
          >
            <Smartphone aria-hidden />
            Test
          </Button>
        )}
        {readOnly ? null : (
          <div className="ml-1 flex items-center gap-2">
            {publishBlocked ? (
              <button
                type="button"
                id="publish-reason"
                data-testid="publish-reason"
                onClick={onShowProblems}
                className="hidden text-xs font-medium whitespace-nowrap text-destructive underline-offset-2 hover:underline md:inline"
              >
                Fix {errorCount} {errorCount === 1 ? "error" : "errors"}
                <span className="sr-only"> to publish</span>
              </button>
            ) : null}
            <Button
              size="sm"
              data-testid="publish-open"
              disabled={publishBlocked}
              aria-describedby={publishBlocked ? "publish-reason" : undefined}
              title={publishBlocked ? `Publishing is blocked by ${errorCount} ${errorCount === 1 ? "error" : "errors"}; see Problems.` : undefined}
              onClick={onPublish}
            >
              <Rocket aria-hidden />
              Publish
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
