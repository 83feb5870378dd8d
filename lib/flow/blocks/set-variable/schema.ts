import { z } from "zod";
import { checkVariableTarget } from "../checks";
import type { SettingsIssue } from "../types";

export const SET_OPERATIONS = ["set", "increment", "clear"] as const;

export const setVariableSettings = z.object({
  /** A flow variable, or `contact.x` to save on the contact across sessions. */
  variable: z.string().optional(),
  operation: z.enum(SET_OPERATIONS).optional(),
  /** For "set": text with {{variables}}; exactly "{{x}}" copies x with its type. For "increment": the step. */
  value: z.string().optional(),
});

export type SetVariableSettings = z.infer<typeof setVariableSettings>;

export const setVariableDefaults = { operation: "set", value: "", incrementBy: 1 } as const;

export function checkSetVariableSettings(s: SetVariableSettings): SettingsIssue[] {
  const issues = checkVariableTarget(s.variable);
  if ((s.operation ?? setVariableDefaults.operation) === "increment" && s.value?.trim() && !s.value.includes("{{")) {
    if (!Number.isFinite(Number(s.value))) {
      issues.push({ code: "not_a_number", message: `Increase by a number; “${s.value}” is not one.` });
    }
  }
  return issues;
}
