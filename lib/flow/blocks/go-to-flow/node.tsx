"use client";

import { useEditorContext } from "@/components/flow-editor/editor-context";
import { Missing, Q, Summary } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import type { GoToFlowSettings } from "./schema";

export function GoToFlowNode({ settings }: BlockNodeProps<GoToFlowSettings>) {
  const { flows } = useEditorContext();
  const target = flows.find((f) => f.id === settings.flowId);
  if (!settings.flowId) return <Summary><Missing>Choose the flow to continue in</Missing></Summary>;
  return <Summary>Continues in {target ? <Q>{target.name}</Q> : <Missing>a flow that no longer exists</Missing>}</Summary>;
}
