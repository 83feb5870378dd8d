import { z } from "zod";
import type { SettingsIssue } from "../types";

export const goToFlowSettings = z.object({ flowId: z.string().optional() });

export type GoToFlowSettings = z.infer<typeof goToFlowSettings>;

export const goToFlowDefaults = {} as const;

/** Whether the flow exists is checked by validateFlow, which knows the workspace's flows. */
export function checkGoToFlowSettings(s: GoToFlowSettings): SettingsIssue[] {
  return s.flowId?.trim() ? [] : [{ code: "missing_flow", message: "Choose the flow to go to." }];
}
