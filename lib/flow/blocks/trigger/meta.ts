import { defineBlock } from "../types";
import { checkTriggerSettings, triggerDefaults, triggerSettings } from "./schema";

export const triggerBlock = defineBlock({
  label: "Trigger",
  description: "How a conversation enters this flow: keywords, any message, first contact, a button payload or an ad.",
  icon: "Zap",
  category: "trigger",
  settings: triggerSettings,
  defaults: triggerDefaults,
  outputs: () => [{ id: "next", label: "Start", required: true }],
  check: checkTriggerSettings,
});
