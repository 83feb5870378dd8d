import { stringifyValue } from "../../template";
import { matchesPattern, normalizeText, parseNumber } from "../../text";
import { conditionDefaults, type ConditionGroup, type ConditionRule } from "./schema";

type Read = { get(path: string): unknown; render(template: string): string };

/** The first group whose rules hold, or null (the `else` output). */
export function firstMatchingGroup(groups: ConditionGroup[], scope: Read): ConditionGroup | null {
  return groups.find((g) => groupHolds(g, scope)) ?? null;
}

export function groupHolds(group: ConditionGroup, scope: Read): boolean {
  const results = group.rules.map((r) => ruleHolds(r, scope));
  return (group.match ?? conditionDefaults.match) === "all" ? results.every(Boolean) : results.some(Boolean);
}

/** Text comparisons ignore case and accents, like keyword triggers. */
export function ruleHolds(rule: ConditionRule, scope: Read): boolean {
  const raw = stringifyValue(scope.get(rule.subject.trim()));
  const left = normalizeText(raw);
  const right = normalizeText(scope.render(rule.value ?? ""));
  switch (rule.operator) {
    case "equals":
      return left === right;
    case "not_equals":
      return left !== right;
    case "contains":
      return left.includes(right);
    case "not_contains":
      return !left.includes(right);
    case "starts_with":
      return left.startsWith(right);
    case "ends_with":
      return left.endsWith(right);
    case "regex":
      return matchesPattern(rule.value ?? "", raw);
    case "is_empty":
      return left === "";
    case "is_not_empty":
      return left !== "";
    case "in_list":
      return inList(left, rule.values, scope);
    case "not_in_list":
      return !inList(left, rule.values, scope);
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return compareNumbers(rule.operator, parseNumber(raw), parseNumber(scope.render(rule.value ?? "")));
  }
}

function inList(left: string, values: string[] | undefined, scope: Read): boolean {
  return (values ?? []).some((v) => normalizeText(scope.render(v)) === left);
}

function compareNumbers(op: "gt" | "gte" | "lt" | "lte", a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (op === "gt") return a > b;
  if (op === "gte") return a >= b;
  if (op === "lt") return a < b;
  return a <= b;
}
