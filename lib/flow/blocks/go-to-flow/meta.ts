import { defineBlock } from "../types";
import { checkGoToFlowSettings, goToFlowDefaults, goToFlowSettings } from "./schema";

export const goToFlowBlock = defineBlock({
  label: "Go to flow",
  description: "Continue in another published flow, keeping the variables.",
  icon: "CornerDownRight",
  category: "logic",
  settings: goToFlowSettings,
  defaults: goToFlowDefaults,
  outputs: () => [],
  check: checkGoToFlowSettings,
});
