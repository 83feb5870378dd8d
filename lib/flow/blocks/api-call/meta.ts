import { defineBlock } from "../types";
import { apiCallDefaults, apiCallSettings, checkApiCallSettings } from "./schema";

export const apiCallBlock = defineBlock({
  label: "API call",
  description: "Call an HTTP API with {{variables}} and save parts of the JSON response into variables.",
  icon: "Webhook",
  category: "integration",
  settings: apiCallSettings,
  defaults: apiCallDefaults,
  outputs: () => [
    { id: "success", label: "Success", required: true },
    { id: "error", label: "Error" },
  ],
  check: checkApiCallSettings,
});
