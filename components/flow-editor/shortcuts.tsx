"use client";

import { useEffect, useRef } from "react";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

export type ShortcutAction =
  | "undo"
  | "redo"
  | "copy"
  | "paste"
  | "duplicate"
  | "selectAll"
  | "save"
  | "layout"
  | "fitView"
  | "test"
  | "help"
  | "escape";

/** Shown in the help sheet; the same table drives the key handling below. */
export const SHORTCUTS: { action: ShortcutAction | "delete" | "move" | "multi" | "connect"; keys: string[]; label: string }[] = [
  { action: "undo", keys: ["Ctrl", "Z"], label: "Undo" },
  { action: "redo", keys: ["Ctrl", "Shift", "Z"], label: "Redo (also Ctrl + Y)" },
  { action: "copy", keys: ["Ctrl", "C"], label: "Copy the selected blocks" },
  { action: "paste", keys: ["Ctrl", "V"], label: "Paste blocks (also into another flow)" },
  { action: "duplicate", keys: ["Ctrl", "D"], label: "Duplicate the selected blocks" },
  { action: "selectAll", keys: ["Ctrl", "A"], label: "Select every block" },
  { action: "delete", keys: ["Delete"], label: "Delete the selected blocks or connection (also Backspace)" },
  { action: "multi", keys: ["Shift", "Click"], label: "Add to the selection; Shift + drag draws a selection box" },
  { action: "move", keys: ["Arrow keys"], label: "Move the selected blocks (Tab to a block, Enter to select it)" },
  { action: "connect", keys: ["Drag a dot"], label: "Connect an output to a block (or pick it under “Goes to”)" },
  { action: "layout", keys: ["Ctrl", "Shift", "L"], label: "Tidy up: arrange the blocks automatically" },
  { action: "fitView", keys: ["Shift", "1"], label: "Fit the whole flow in view" },
  { action: "save", keys: ["Ctrl", "S"], label: "Save now (drafts also save by themselves)" },
  { action: "test", keys: ["Ctrl", "Enter"], label: "Open the test phone" },
  { action: "escape", keys: ["Esc"], label: "Clear the selection / close the side panel" },
  { action: "help", keys: ["?"], label: "Show these shortcuts" },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit"].includes(type);
  }
  return false;
}

function actionFor(event: KeyboardEvent): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === "z") return event.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (mod && key === "c" && !event.shiftKey) return "copy";
  if (mod && key === "v" && !event.shiftKey) return "paste";
  if (mod && key === "d") return "duplicate";
  if (mod && key === "a") return "selectAll";
  if (mod && key === "s") return "save";
  if (mod && event.shiftKey && key === "l") return "layout";
  if (mod && key === "enter") return "test";
  if (!mod && event.shiftKey && (event.code === "Digit1" || key === "!")) return "fitView";
  if (!mod && key === "?") return "help";
  if (key === "escape") return "escape";
  return null;
}

/**
 * Editor shortcuts on the window, ignored while typing in a field (except Ctrl+S) and
 * while a dialog is open. A handler returning false lets the browser's default happen
 * (e.g. Ctrl+C with nothing selected copies text).
 */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => boolean | void>>) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      const action = actionFor(event);
      if (!action) return;
      if (action !== "save" && isTyping(event.target)) return;
      if (action !== "save" && document.querySelector("[role=dialog][data-state=open], [role=alertdialog][data-state=open], [role=menu]")) return;
      const handler = latest.current[action];
      if (!handler) return;
      const handled = handler();
      if (handled !== false) event.preventDefault();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="shortcuts-dialog" className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>On a Mac, use ⌘ instead of Ctrl.</DialogDescription>
        </DialogHeader>
        <table className="w-full text-sm">
          <caption className="sr-only">Keyboard shortcuts of the flow editor</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.action} className="border-b last:border-0">
                <td className="py-1.5 pr-4 whitespace-nowrap">
                  {shortcut.keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 ? <span className="px-0.5 text-muted-foreground">+</span> : null}
                      <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
                    </span>
                  ))}
                </td>
                <td className="py-1.5 text-muted-foreground">{shortcut.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </DialogContent>
    </Dialog>
  );
}
