import { defineBlock } from "../types";
import { checkSetVariableSettings, setVariableDefaults, setVariableSettings } from "./schema";

export const setVariableBlock = defineBlock({
  label: "Set variable",
  description: "Set, increase or clear a variable or a contact field.",
  icon: "Variable",
  category: "logic",
  settings: setVariableSettings,
  defaults: setVariableDefaults,
  outputs: () => [{ id: "next", label: "Next" }],
  check: checkSetVariableSettings,
});
