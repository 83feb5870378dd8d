"use client";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import { TextField, patch } from "@/components/flow-editor/fields";

import type { HandoffSettings } from "./schema";

export function HandoffPanel({ settings, onChange, readOnly }: BlockPanelProps<HandoffSettings>) {
  return (
    <div className="grid gap-4">
      <p className="text-xs text-muted-foreground">
        The bot stops answering and the conversation waits in the agents&apos; queue in the inbox until someone hands it back.
      </p>
      <TextField
        label="Note for the agents (optional)"
        value={settings.note}
        multiline
        rows={3}
        variables
        max={1000}
        disabled={readOnly}
        placeholder="Support request from {{contact.name}}"
        onChange={(note) => onChange(patch(settings, { note }))}
      />
    </div>
  );
}
