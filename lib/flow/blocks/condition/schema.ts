import { z } from "zod";
import { checkPattern, duplicates } from "../checks";
import type { SettingsIssue } from "../types";

export const CONDITION_OPERATORS = [
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "regex",
  "gt",
  "gte",
  "lt",
  "lte",
  "is_empty",
  "is_not_empty",
  "in_list",
  "not_in_list",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export const NUMBER_OPERATORS: readonly ConditionOperator[] = ["gt", "gte", "lt", "lte"];
export const LIST_OPERATORS: readonly ConditionOperator[] = ["in_list", "not_in_list"];
export const UNARY_OPERATORS: readonly ConditionOperator[] = ["is_empty", "is_not_empty"];

/** Paths the editor offers besides flow variables. */
export const MESSAGE_SUBJECTS = ["message.text", "message.type", "message.buttonId"] as const;

const rule = z.object({
  /** A dotted path: `message.text`, `message.type`, `message.buttonId`, a variable, `contact.x`. */
  subject: z.string(),
  operator: z.enum(CONDITION_OPERATORS),
  /** Compared value; may contain {{variables}}. */
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
});

const group = z.object({
  /** Also the output id. */
  id: z.string(),
  label: z.string().optional(),
  match: z.enum(["all", "any"]).optional(),
  rules: z.array(rule),
});

export const conditionSettings = z.object({ groups: z.array(group).optional() });

export type ConditionRule = z.infer<typeof rule>;
export type ConditionGroup = z.infer<typeof group>;
export type ConditionSettings = z.infer<typeof conditionSettings>;

export const conditionDefaults = { groups: [] as ConditionGroup[], match: "all" } as const;

export function checkConditionSettings(settings: ConditionSettings): SettingsIssue[] {
  const groups = settings.groups ?? [];
  const issues: SettingsIssue[] = [];
  if (groups.length === 0) issues.push({ code: "no_rule_groups", message: "Add at least one rule group." });
  for (const id of duplicates(groups.map((g) => g.id))) {
    issues.push({ code: "duplicate_output_id", message: `Two rule groups share the id “${id}”.` });
  }
  groups.forEach((g, gi) => {
    const name = g.label || `group ${gi + 1}`;
    if (!g.id.trim()) issues.push({ code: "missing_group_id", message: `${name} has no id.` });
    if (g.id === "else") issues.push({ code: "reserved_output_id", message: `“else” is reserved; rename ${name}.` });
    if (g.rules.length === 0) issues.push({ code: "empty_rule_group", message: `Add a rule to ${name}.` });
    g.rules.forEach((r, ri) => issues.push(...checkRule(r, `rule ${ri + 1} of ${name}`)));
  });
  return issues;
}

function checkRule(r: ConditionRule, where: string): SettingsIssue[] {
  if (!r.subject.trim()) return [{ code: "missing_subject", message: `Choose what ${where} looks at.` }];
  if (r.operator === "regex") return checkPattern(r.value, where);
  if (NUMBER_OPERATORS.includes(r.operator) && !r.value?.includes("{{") && !Number.isFinite(Number(r.value))) {
    return [{ code: "not_a_number", message: `${where} compares numbers; “${r.value ?? ""}” is not a number.` }];
  }
  if (LIST_OPERATORS.includes(r.operator) && !(r.values ?? []).length) {
    return [{ code: "empty_list", message: `Add at least one value to the list in ${where}.` }];
  }
  return [];
}
