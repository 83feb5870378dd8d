"use client";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import { ChoiceField, TextField, patch } from "@/components/flow-editor/fields";

import { SET_OPERATIONS, setVariableDefaults, type SetVariableSettings } from "./schema";

const LABELS: Record<(typeof SET_OPERATIONS)[number], string> = { set: "Set", increment: "Increase", clear: "Clear" };

export function SetVariablePanel({ settings, onChange, readOnly }: BlockPanelProps<SetVariableSettings>) {
  const operation = settings.operation ?? setVariableDefaults.operation;
  return (
    <div className="grid gap-4">
      <TextField
        label="Variable"
        value={settings.variable}
        mono
        disabled={readOnly}
        testId="set-variable-name"
        placeholder="e.g. tries, or contact.city"
        onChange={(variable) => onChange(patch(settings, { variable: variable.trim() }))}
      />
      <ChoiceField
        label="Operation"
        value={operation}
        options={SET_OPERATIONS.map((op) => ({ value: op, label: LABELS[op] }))}
        disabled={readOnly}
        onChange={(value) => onChange(patch(settings, { operation: value as SetVariableSettings["operation"] }))}
      />
      {operation === "set" ? (
        <TextField
          label="Value"
          value={settings.value}
          variables
          disabled={readOnly}
          testId="set-variable-value"
          hint="Exactly {{other}} copies another variable with its type (number, list…)."
          onChange={(value) => onChange(patch(settings, { value }))}
        />
      ) : null}
      {operation === "increment" ? (
        <TextField
          label="Increase by"
          value={settings.value}
          variables
          disabled={readOnly}
          placeholder={String(setVariableDefaults.incrementBy)}
          onChange={(value) => onChange(patch(settings, { value }))}
        />
      ) : null}
    </div>
  );
}
