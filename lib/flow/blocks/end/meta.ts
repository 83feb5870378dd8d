import { defineBlock } from "../types";
import { checkEndSettings, endDefaults, endSettings } from "./schema";

export const endBlock = defineBlock({
  label: "End",
  description: "End the conversation with the bot. The next message starts a flow again.",
  icon: "CircleStop",
  category: "logic",
  settings: endSettings,
  defaults: endDefaults,
  outputs: () => [],
  check: checkEndSettings,
});
