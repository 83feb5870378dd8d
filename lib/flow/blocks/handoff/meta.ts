import { defineBlock } from "../types";
import { checkHandoffSettings, handoffDefaults, handoffSettings } from "./schema";

export const handoffBlock = defineBlock({
  label: "Handoff to human",
  description: "Pause the bot and put the conversation in the agents' queue.",
  icon: "Headset",
  category: "action",
  settings: handoffSettings,
  defaults: handoffDefaults,
  outputs: () => [],
  check: checkHandoffSettings,
});
