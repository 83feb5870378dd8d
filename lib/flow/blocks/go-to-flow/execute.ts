import type { Executor } from "../types";
import type { GoToFlowSettings } from "./schema";

/** The runtime loads the target's published document and starts it with a `start` event. */
export const executeGoToFlow: Executor<GoToFlowSettings> = (ctx) => {
  const flowId = ctx.settings.flowId?.trim();
  if (!flowId) return { error: "This Go to flow block does not say which flow to go to." };
  return { stop: { kind: "goto_flow", flowId } };
};
