"use client";

import { ChoiceField, SelectField, StringListField, patch } from "@/components/flow-editor/fields";
import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";

import { triggerDefaults, type TriggerSettings } from "./schema";

const KINDS = [
  { value: "keyword", label: "Keywords" },
  { value: "any_message", label: "Any message" },
  { value: "first_contact", label: "First contact" },
  { value: "button_payload", label: "Button payload" },
  { value: "ad_referral", label: "Ad click" },
] as const;

const MATCHES = [
  { value: "exact", label: "Is exactly (ignoring case and accents)" },
  { value: "contains", label: "Contains" },
  { value: "regex", label: "Matches a pattern (regular expression)" },
] as const;

const KIND_HINTS: Record<string, string> = {
  keyword: "The flow starts when a customer sends one of these words.",
  any_message: "Every message starts this flow, unless an earlier flow on the channel matches first. Good as a fallback.",
  first_contact: "Starts only for a customer's first message to this number.",
  button_payload: "Starts when a customer taps a template quick-reply button with one of these payloads.",
  ad_referral: "Starts when a customer arrives from a click-to-WhatsApp ad.",
};

export function TriggerPanel({ settings, onChange, readOnly }: BlockPanelProps<TriggerSettings>) {
  const kind = settings.kind ?? triggerDefaults.kind;
  return (
    <div className="grid gap-4">
      <ChoiceField
        label="Starts the flow on"
        value={kind}
        options={KINDS}
        disabled={readOnly}
        testId="trigger-kind"
        onChange={(value) => onChange(patch(settings, { kind: value as TriggerSettings["kind"] }))}
      />
      <p className="-mt-2 text-xs text-muted-foreground">{KIND_HINTS[kind]}</p>
      {kind === "keyword" ? (
        <>
          <StringListField
            label="Keywords"
            values={settings.keywords ?? []}
            placeholder="e.g. hi"
            addLabel="Add keyword"
            itemLabel={(i) => `Keyword ${i + 1}`}
            disabled={readOnly}
            testId="trigger-keywords"
            onChange={(keywords) => onChange(patch(settings, { keywords }))}
          />
          <SelectField
            label="The message"
            value={settings.match ?? triggerDefaults.match}
            options={MATCHES}
            disabled={readOnly}
            testId="trigger-match"
            onChange={(match) => onChange(patch(settings, { match: match as TriggerSettings["match"] }))}
          />
        </>
      ) : null}
      {kind === "button_payload" ? (
        <StringListField
          label="Button payloads"
          values={settings.payloads ?? []}
          placeholder="e.g. START_ORDER"
          addLabel="Add payload"
          itemLabel={(i) => `Payload ${i + 1}`}
          disabled={readOnly}
          onChange={(payloads) => onChange(patch(settings, { payloads }))}
        />
      ) : null}
      {kind === "ad_referral" ? (
        <StringListField
          label="Ad ids (leave empty for any ad)"
          values={settings.adSourceIds ?? []}
          placeholder="e.g. 120200000000000"
          addLabel="Add ad id"
          itemLabel={(i) => `Ad id ${i + 1}`}
          disabled={readOnly}
          onChange={(adSourceIds) => onChange(patch(settings, { adSourceIds }))}
        />
      ) : null}
    </div>
  );
}
