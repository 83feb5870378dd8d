"use client";

import { Braces } from "lucide-react";
import { useId, useMemo, useRef, useState } from "react";

import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { inputClassName } from "@/components/ui/input";
import { cn } from "@/lib/utils";

import { useEditorContext, type VariableOption } from "./editor-context";

/** The `{{partial` being typed right before the caret, if any. */
const OPEN_PLACEHOLDER = /\{\{\s*([\w.]*)$/;

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  disabled?: boolean;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  "data-testid"?: string;
};

/**
 * A text field that knows `{{variables}}`: typing `{{` opens a list of the flow's
 * variables (arrow keys, Enter or Tab to insert, Escape to close), and the braces button
 * inserts one at the caret.
 */
export function VariableTextInput({ id, value, onChange, multiline, rows = 3, placeholder, disabled, ...aria }: Props) {
  const { variables } = useEditorContext();
  const fieldRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const caretRef = useRef<number | null>(null);
  const listId = useId();
  const [query, setQuery] = useState<{ text: string; start: number; end: number } | null>(null);
  const [active, setActive] = useState(0);

  const options = useMemo(() => {
    if (!query) return [];
    const q = query.text.toLowerCase();
    return variables.filter((v) => v.name.toLowerCase().includes(q)).slice(0, 8);
  }, [query, variables]);
  const open = query !== null && options.length > 0;

  function detect(text: string, caret: number | null) {
    caretRef.current = caret;
    if (caret === null) return setQuery(null);
    const match = OPEN_PLACEHOLDER.exec(text.slice(0, caret));
    if (!match) return setQuery(null);
    setQuery({ text: match[1] ?? "", start: caret - match[0].length, end: caret });
    setActive(0);
  }

  function insert(option: VariableOption, range?: { start: number; end: number }) {
    const start = range?.start ?? caretRef.current ?? value.length;
    const end = range?.end ?? start;
    const token = `{{${option.name}}}`;
    const next = value.slice(0, start) + token + value.slice(end);
    onChange(next);
    setQuery(null);
    const caret = start + token.length;
    caretRef.current = caret;
    requestAnimationFrame(() => {
      const field = fieldRef.current;
      if (!field) return;
      field.focus();
      field.setSelectionRange(caret, caret);
    });
  }

  function onKeyDown(event: React.KeyboardEvent) {
    if (!open) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i - 1 + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      const option = options[active];
      if (option && query) {
        event.preventDefault();
        insert(option, query);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
    }
  }

  const shared = {
    id,
    ref: fieldRef,
    value,
    placeholder,
    disabled,
    autoComplete: "off",
    spellCheck: multiline ? true : false,
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open ? `${listId}-${active}` : undefined,
    onKeyDown,
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      onChange(event.target.value);
      detect(event.target.value, event.target.selectionStart);
    },
    onSelect: (event: React.SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      caretRef.current = event.currentTarget.selectionStart;
    },
    onBlur: () => setTimeout(() => setQuery(null), 150),
    ...aria,
  };

  return (
    <div className="relative">
      {multiline ? (
        <textarea
          {...shared}
          rows={rows}
          className={cn(inputClassName, "h-auto min-h-16 resize-y py-2 pr-10 leading-snug")}
        />
      ) : (
        <input {...shared} type="text" className={cn(inputClassName, "pr-10")} />
      )}
      {disabled ? null : (
        <DropdownMenu>
          <DropdownMenuTrigger
            className="absolute top-1.5 right-1.5 flex size-6 items-center justify-center rounded text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
            aria-label="Insert a variable"
            title="Insert a variable"
            data-testid="variable-picker"
          >
            <Braces aria-hidden className="size-3.5" />
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end" className="max-h-72 w-64 overflow-y-auto">
            <DropdownMenuLabel>Insert a variable</DropdownMenuLabel>
            {variables.map((option) => (
              <DropdownMenuItem
                key={option.name}
                onSelect={() => insert(option)}
                data-testid={`variable-option-${option.name}`}
              >
                <span className="min-w-0 flex-1 truncate font-mono text-xs">{option.name}</span>
                <span className="shrink-0 text-[11px] text-muted-foreground">{option.source}</span>
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      )}
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Variables"
          data-testid="variable-suggestions"
          className="absolute inset-x-0 top-full z-50 mt-1 max-h-56 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
        >
          {options.map((option, index) => (
            <li
              key={option.name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                if (query) insert(option, query);
              }}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1 text-sm",
                index === active ? "bg-accent text-accent-foreground" : "",
              )}
            >
              <span className="min-w-0 flex-1 truncate font-mono text-xs">{option.name}</span>
              <span className="shrink-0 text-[11px] text-muted-foreground">{option.source}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
