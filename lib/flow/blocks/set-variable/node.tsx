import { Missing, Q, Summary, clip } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import { setVariableDefaults, type SetVariableSettings } from "./schema";

/** “Set {{tries}} to “0””, “Increase {{tries}} by 1”, “Clear {{email}}”. */
export function SetVariableNode({ settings }: BlockNodeProps<SetVariableSettings>) {
  const name = settings.variable ? <code className="font-mono">{`{{${settings.variable}}}`}</code> : <Missing>a variable</Missing>;
  const operation = settings.operation ?? setVariableDefaults.operation;
  if (operation === "clear") return <Summary>Clear {name}</Summary>;
  if (operation === "increment") return <Summary>Increase {name} by {settings.value?.trim() || setVariableDefaults.incrementBy}</Summary>;
  return (
    <Summary>
      Set {name} to <Q>{clip(settings.value, 60)}</Q>
    </Summary>
  );
}
