"use client";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import { useEditorContext } from "@/components/flow-editor/editor-context";
import { SelectField, patch } from "@/components/flow-editor/fields";

import type { GoToFlowSettings } from "./schema";

export function GoToFlowPanel({ settings, onChange, readOnly }: BlockPanelProps<GoToFlowSettings>) {
  const { flows, flowId } = useEditorContext();
  const options = [
    { value: "", label: "Choose a flow…" },
    ...flows
      .filter((f) => f.id !== flowId)
      .map((f) => ({ value: f.id, label: f.publishedVersion ? `${f.name} (v${f.publishedVersion})` : `${f.name} (not published)` })),
  ];
  return (
    <div className="grid gap-4">
      <SelectField
        label="Continue in"
        value={settings.flowId ?? ""}
        options={options}
        disabled={readOnly}
        hint="The conversation jumps to that flow's published version and keeps its variables."
        onChange={(value) => onChange(patch(settings, { flowId: value }))}
      />
    </div>
  );
}
