import { defineBlock } from "../types";
import { checkConditionSettings, conditionDefaults, conditionSettings } from "./schema";

export const conditionBlock = defineBlock({
  label: "Condition",
  description: "Branch on the message (text, type, button) or on variables. The first matching rule group wins.",
  icon: "Split",
  category: "logic",
  settings: conditionSettings,
  defaults: conditionDefaults,
  outputs: (settings) => [
    ...(settings.groups ?? []).map((g, i) => ({ id: g.id, label: g.label || `Group ${i + 1}`, required: true })),
    { id: "else", label: "Else" },
  ],
  check: checkConditionSettings,
});
