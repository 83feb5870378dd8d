"use client";

import { ArrowDown, ArrowUp, Plus, X } from "lucide-react";
import { useId } from "react";

import { Button } from "@/components/ui/button";
import { Input, inputClassName } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

import { VariableTextInput } from "./variable-input";

/**
 * Form pieces shared by the blocks' inspector panels. Each field wires its label, hint
 * and WhatsApp length counter to the control (aria-describedby), and marks the control
 * invalid when the text is over the limit.
 */

/** "12/20" under a field; red, and announced, once the text is too long. */
export function Counter({ id, length, max, label = "characters" }: { id: string; length: number; max: number; label?: string }) {
  const over = length > max;
  return (
    <span
      id={id}
      data-testid="limit-counter"
      data-over={over ? "true" : undefined}
      className={cn("shrink-0 text-xs tabular-nums", over ? "font-medium text-destructive" : "text-muted-foreground")}
    >
      {length}/{max}
      <span className="sr-only"> {label}</span>
      {over ? <span className="sr-only">, over WhatsApp&apos;s limit</span> : null}
    </span>
  );
}

export function Section({
  title,
  description,
  actions,
  children,
  className,
}: {
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section className={cn("grid gap-3 border-t pt-4 first:border-t-0 first:pt-0", className)} aria-label={title}>
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">{title}</h3>
          {description ? <p className="text-xs text-muted-foreground">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

type FieldProps = {
  label: React.ReactNode;
  hint?: React.ReactNode;
  /** Shows `length/max` and flags the control once the text is longer. */
  max?: number;
  value?: string;
  error?: string;
  className?: string;
  srOnlyLabel?: boolean;
  children: (control: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => React.ReactNode;
};

export function Field({ label, hint, max, value, error, className, srOnlyLabel, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const counterId = max !== undefined ? `${id}-count` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const length = value?.length ?? 0;
  const over = max !== undefined && length > max;
  const describedBy = [hintId, counterId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("grid min-w-0 gap-1.5", className)}>
      <div className={cn("flex items-end justify-between gap-2", srOnlyLabel && max === undefined ? "sr-only" : "")}>
        <Label htmlFor={id} className={cn("text-xs font-medium", srOnlyLabel ? "sr-only" : "")}>
          {label}
        </Label>
        {max !== undefined ? <Counter id={counterId!} length={length} max={max} /> : null}
      </div>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": over || error ? true : undefined })}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {over ? (
        <p className="text-xs font-medium text-destructive" role="status">
          {length - max!} characters too long: WhatsApp allows {max}.
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A text field; `variables` makes it a {{ }}-aware one, `multiline` a textarea. */
export function TextField({
  label,
  value,
  onChange,
  max,
  hint,
  error,
  placeholder,
  multiline,
  variables,
  rows,
  disabled,
  srOnlyLabel,
  className,
  testId,
  mono,
}: {
  label: React.ReactNode;
  value: string | undefined;
  onChange: (value: string) => void;
  max?: number;
  hint?: React.ReactNode;
  error?: string;
  placeholder?: string;
  multiline?: boolean;
  variables?: boolean;
  rows?: number;
  disabled?: boolean;
  srOnlyLabel?: boolean;
  className?: string;
  testId?: string;
  mono?: boolean;
}) {
  return (
    <Field label={label} hint={hint} max={max} value={value} error={error} srOnlyLabel={srOnlyLabel} className={className}>
      {(control) =>
        variables ? (
          <VariableTextInput
            {...control}
            value={value ?? ""}
            onChange={onChange}
            multiline={multiline}
            rows={rows}
            placeholder={placeholder}
            disabled={disabled}
            data-testid={testId}
          />
        ) : multiline ? (
          <Textarea
            {...control}
            value={value ?? ""}
            rows={rows}
            placeholder={placeholder}
            disabled={disabled}
            data-testid={testId}
            onChange={(event) => onChange(event.target.value)}
            className={cn("field-sizing-fixed min-h-16 resize-y", mono ? "font-mono text-xs" : "")}
          />
        ) : (
          <Input
            {...control}
            value={value ?? ""}
            placeholder={placeholder}
            disabled={disabled}
            autoComplete="off"
            data-testid={testId}
            onChange={(event) => onChange(event.target.value)}
            className={mono ? "font-mono text-xs" : undefined}
          />
        )
      }
    </Field>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  label,
  value,
  onChange,
  options,
  hint,
  disabled,
  testId,
  srOnlyLabel,
  className,
}: {
  label: React.ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  hint?: React.ReactNode;
  disabled?: boolean;
  testId?: string;
  srOnlyLabel?: boolean;
  className?: string;
}) {
  return (
    <Field label={label} hint={hint} srOnlyLabel={srOnlyLabel} className={className}>
      {(control) => (
        <select
          {...control}
          value={value}
          disabled={disabled}
          data-testid={testId}
          onChange={(event) => onChange(event.target.value)}
          className={cn(inputClassName, "pr-8")}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  step,
  hint,
  placeholder,
  disabled,
  testId,
}: {
  label: React.ReactNode;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  hint?: React.ReactNode;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <Field label={label} hint={hint}>
      {(control) => (
        <Input
          {...control}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          placeholder={placeholder}
          disabled={disabled}
          data-testid={testId}
          value={value ?? ""}
          onChange={(event) => {
            const raw = event.target.value;
            const parsed = Number(raw);
            onChange(raw === "" || !Number.isFinite(parsed) ? undefined : parsed);
          }}
        />
      )}
    </Field>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  hint,
  disabled,
  testId,
}: {
  label: React.ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: React.ReactNode;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        data-testid={testId}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-0.5 size-4 accent-primary"
      />
      <div className="grid gap-0.5">
        <Label htmlFor={id} className="text-xs font-medium">
          {label}
        </Label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Segmented choice (radio group) for a handful of options, e.g. the kind of reply. */
export function ChoiceField({
  label,
  value,
  onChange,
  options,
  disabled,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  disabled?: boolean;
  testId?: string;
}) {
  const name = useId();
  return (
    <fieldset className="grid gap-1.5" data-testid={testId}>
      <legend className="mb-1.5 text-xs font-medium">{label}</legend>
      <div className="flex flex-wrap gap-1 rounded-md bg-muted p-1">
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "cursor-pointer rounded px-2 py-1 text-xs font-medium text-muted-foreground has-[:checked]:bg-background has-[:checked]:text-foreground has-[:checked]:shadow-xs has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
              disabled ? "cursor-not-allowed opacity-60" : "",
            )}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              disabled={disabled}
              data-testid={testId ? `${testId}-${option.value}` : undefined}
              onChange={() => onChange(option.value)}
              className="sr-only"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A list of short texts (keywords, accepted answers, payloads) with add / remove. */
export function StringListField({
  label,
  values,
  onChange,
  placeholder,
  addLabel = "Add",
  max,
  hint,
  disabled,
  testId,
  itemLabel,
}: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  addLabel?: string;
  max?: number;
  hint?: React.ReactNode;
  disabled?: boolean;
  testId?: string;
  itemLabel: (index: number) => string;
}) {
  const hintId = useId();
  return (
    <fieldset className="grid gap-1.5" data-testid={testId} aria-describedby={hint ? hintId : undefined}>
      <legend className="mb-1.5 text-xs font-medium">{label}</legend>
      {values.map((value, index) => (
        <div key={index} className="flex items-center gap-1.5">
          <Input
            aria-label={itemLabel(index)}
            value={value}
            placeholder={placeholder}
            disabled={disabled}
            autoComplete="off"
            data-testid={testId ? `${testId}-item-${index}` : undefined}
            onChange={(event) => onChange(values.map((v, i) => (i === index ? event.target.value : v)))}
          />
          {disabled ? null : (
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label={`Remove ${itemLabel(index).toLowerCase()}`}
              onClick={() => onChange(values.filter((_, i) => i !== index))}
            >
              <X aria-hidden />
            </Button>
          )}
        </div>
      ))}
      {disabled ? null : (
        <Button
          variant="outline"
          size="sm"
          className="justify-self-start"
          disabled={max !== undefined && values.length >= max}
          data-testid={testId ? `${testId}-add` : undefined}
          onClick={() => onChange([...values, ""])}
        >
          <Plus aria-hidden />
          {addLabel}
        </Button>
      )}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Move / remove buttons for one item of an ordered list (rule groups, buttons, rows). */
export function ItemActions({
  name,
  index,
  count,
  onMove,
  onRemove,
  disabled,
  removeTestId,
}: {
  name: string;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onRemove: () => void;
  disabled?: boolean;
  removeTestId?: string;
}) {
  if (disabled) return null;
  return (
    <div className="flex shrink-0 items-center">
      <Button variant="ghost" size="icon-sm" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
        <ArrowUp aria-hidden />
      </Button>
      <Button
        variant="ghost"
        size="icon-sm"
        aria-label={`Move ${name} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        <ArrowDown aria-hidden />
      </Button>
      <Button variant="ghost" size="icon-sm" aria-label={`Remove ${name}`} data-testid={removeTestId} onClick={onRemove}>
        <X aria-hidden />
      </Button>
    </div>
  );
}

export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/** Sets keys on sparse settings, dropping the ones set to undefined or "" (defaults apply). */
export function patch<S extends object>(settings: S, changes: Partial<{ [K in keyof S]: S[K] | undefined }>): S {
  const next = { ...settings } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") delete next[key];
    else next[key] = value;
  }
  return next as S;
}

/** A short id unique among `taken`, e.g. `btn_3`. Ids are also output ids, so they never change once made. */
export function nextId(prefix: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!used.has(id)) return id;
  }
}
