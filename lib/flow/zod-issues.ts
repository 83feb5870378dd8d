import type { z } from "zod";

/**
 * Turns zod issues into sentences an operator can act on ("‘buttons › 2 › title’ must
 * be text"), instead of zod's developer wording.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  // zod 4 omits the input from issues by default; its message still says "received undefined".
  const missing = issue.code === "invalid_type" && /received undefined/.test(issue.message);
  const where = issue.path.length ? `‘${issue.path.map((p) => (typeof p === "number" ? p + 1 : String(p))).join(" › ")}’` : "This value";
  switch (issue.code) {
    case "invalid_type":
      return missing ? `${where} is missing.` : `${where} must be ${article(issue.expected)}.`;
    case "too_small":
      return issue.origin === "string" ? `${where} is too short (at least ${String(issue.minimum)} characters).` : `${where} must be at least ${String(issue.minimum)}.`;
    case "too_big":
      return issue.origin === "string" ? `${where} is too long (at most ${String(issue.maximum)} characters).` : `${where} must be at most ${String(issue.maximum)}.`;
    case "invalid_value":
      return `${where} must be one of: ${issue.values.map((v) => String(v)).join(", ")}.`;
    case "invalid_union":
      return issue.discriminator ? `${where} is not a known kind of block.` : `${where} is not valid.`;
    case "unrecognized_keys":
      return `${where} has unknown fields: ${issue.keys.join(", ")}.`;
    default:
      return `${where}: ${issue.message}`;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = { string: "text", number: "a number", boolean: "true or false", array: "a list", object: "an object" };
  return words[expected] ?? expected;
}
