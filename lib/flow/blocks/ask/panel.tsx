"use client";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import { NumberField, SelectField, StringListField, TextField, patch } from "@/components/flow-editor/fields";
import { WA_LIMITS } from "@/lib/channels/content";

import { ASK_VALIDATIONS, askDefaults, type AskSettings, type AskValidation } from "./schema";

const LABELS: Record<AskValidation, string> = {
  text: "Any text",
  number: "A number",
  email: "An email address",
  phone: "A phone number",
  regex: "Text matching a pattern",
  choice: "One of a list of answers",
};

export function AskPanel({ settings, onChange, readOnly }: BlockPanelProps<AskSettings>) {
  const validation = settings.validation ?? askDefaults.validation;
  return (
    <div className="grid gap-4">
      <TextField
        label="Question"
        value={settings.question}
        multiline
        rows={3}
        variables
        max={WA_LIMITS.textBody}
        disabled={readOnly}
        testId="ask-question"
        placeholder="What's your email address?"
        onChange={(question) => onChange(patch(settings, { question }))}
      />
      <TextField
        label="Save the answer in"
        value={settings.variable}
        mono
        disabled={readOnly}
        testId="ask-variable"
        placeholder="e.g. email, or contact.email to keep it on the contact"
        hint="Then use it anywhere as {{name}}. contact.… keeps it for the next conversations too."
        onChange={(variable) => onChange(patch(settings, { variable: variable.trim() }))}
      />
      <SelectField
        label="Accept"
        value={validation}
        options={ASK_VALIDATIONS.map((v) => ({ value: v, label: LABELS[v] }))}
        disabled={readOnly}
        testId="ask-validation"
        onChange={(value) => onChange(patch(settings, { validation: value as AskValidation }))}
      />
      {validation === "regex" ? (
        <TextField
          label="Pattern (regular expression)"
          value={settings.pattern}
          mono
          disabled={readOnly}
          placeholder="^[A-Z]{2}[0-9]{6}$"
          onChange={(pattern) => onChange(patch(settings, { pattern }))}
        />
      ) : null}
      {validation === "choice" ? (
        <StringListField
          label="Accepted answers"
          values={settings.choices ?? []}
          addLabel="Add answer"
          itemLabel={(i) => `Answer ${i + 1}`}
          disabled={readOnly}
          hint="Compared without case or accents."
          onChange={(choices) => onChange(patch(settings, { choices }))}
        />
      ) : null}
      {validation === "number" ? (
        <div className="grid grid-cols-2 gap-2">
          <NumberField label="Minimum" value={settings.min} disabled={readOnly} onChange={(min) => onChange(patch(settings, { min }))} />
          <NumberField label="Maximum" value={settings.max} disabled={readOnly} onChange={(max) => onChange(patch(settings, { max }))} />
        </div>
      ) : null}
      {validation === "phone" ? (
        <TextField
          label="Country for numbers without +"
          value={settings.defaultCountry}
          mono
          placeholder="e.g. IN (default: the customer's own country)"
          disabled={readOnly}
          onChange={(value) => onChange(patch(settings, { defaultCountry: value.toUpperCase() }))}
        />
      ) : null}
      <TextField
        label="When the answer is not valid, reply"
        value={settings.retryMessage}
        multiline
        rows={2}
        variables
        max={WA_LIMITS.textBody}
        disabled={readOnly}
        placeholder={askDefaults.retryMessages[validation]}
        onChange={(retryMessage) => onChange(patch(settings, { retryMessage }))}
      />
      <NumberField
        label="Ask again at most (times)"
        value={settings.maxRetries}
        min={0}
        max={askDefaults.maxRetriesCeiling}
        step={1}
        placeholder={String(askDefaults.maxRetries)}
        disabled={readOnly}
        hint="After that the “Invalid after retries” output is taken."
        onChange={(maxRetries) => onChange(patch(settings, { maxRetries }))}
      />
    </div>
  );
}
