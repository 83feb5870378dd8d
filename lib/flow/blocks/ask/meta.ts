import { defineBlock } from "../types";
import { askDefaults, askSettings, checkAskSettings } from "./schema";

export const askBlock = defineBlock({
  label: "Ask",
  description: "Ask a question, check the answer (text, number, email, phone, pattern, choice) and save it in a variable.",
  icon: "MessageCircleQuestionMark",
  category: "message",
  settings: askSettings,
  defaults: askDefaults,
  outputs: () => [
    { id: "next", label: "Answered", required: true },
    { id: "invalid", label: "Invalid after retries" },
  ],
  check: checkAskSettings,
});
