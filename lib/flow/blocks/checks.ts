import { looksCatastrophic, compilePattern, MAX_PATTERN_LENGTH } from "../text";
import { variableTargetProblem } from "../variables";
import type { SettingsIssue } from "./types";

/** Shared publish-time checks used by several blocks' `check` functions. */

export function checkPattern(pattern: string | undefined, what: string): SettingsIssue[] {
  if (!pattern) return [{ code: "missing_pattern", message: `Enter a pattern for ${what}.` }];
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return [{ code: "bad_regex", message: `The pattern for ${what} is too long (max ${MAX_PATTERN_LENGTH} characters).` }];
  }
  if (!compilePattern(pattern)) {
    return [{ code: "bad_regex", message: `“${pattern}” is not a valid regular expression (${what}).` }];
  }
  if (looksCatastrophic(pattern)) {
    return [
      {
        code: "slow_regex",
        severity: "warning",
        message: `The pattern “${pattern}” repeats a repeated group and can be very slow on long messages. Simplify it.`,
      },
    ];
  }
  return [];
}

export function checkVariableTarget(name: string | undefined): SettingsIssue[] {
  const problem = variableTargetProblem(name);
  return problem ? [{ code: "invalid_variable_name", message: problem }] : [];
}

export function checkLength(value: string | undefined, max: number, what: string, code = "text_too_long"): SettingsIssue[] {
  if (value === undefined || value.length <= max) return [];
  return [{ code, message: `${what} is ${value.length} characters long; WhatsApp allows at most ${max}.` }];
}

export function checkRequiredText(value: string | undefined, code: string, message: string): SettingsIssue[] {
  return value && value.trim() ? [] : [{ code, message }];
}

/** Duplicate values in a list, each reported once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const value of values) (seen.has(value) ? dupes : seen).add(value);
  return [...dupes];
}
