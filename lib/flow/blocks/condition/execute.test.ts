import { describe, expect, it } from "vitest";
import { execContext } from "../../test-utils";
import { executeCondition } from "./execute";
import type { ConditionOperator, ConditionSettings } from "./schema";

const one = (operator: ConditionOperator, value?: string, values?: string[]): ConditionSettings => ({
  groups: [{ id: "yes", rules: [{ subject: "v", operator, value, values }] }],
});

describe("executeCondition", () => {
  const cases: [ConditionOperator, unknown, string | undefined, string[] | undefined, boolean][] = [
    ["equals", "São Paulo", "sao paulo", undefined, true],
    ["equals", "a", "b", undefined, false],
    ["not_equals", "a", "b", undefined, true],
    ["contains", "I need a Refund", "refund", undefined, true],
    ["not_contains", "hello", "refund", undefined, true],
    ["starts_with", "Order 12", "order", undefined, true],
    ["ends_with", "file.PDF", ".pdf", undefined, true],
    ["regex", "ABC-123", "^[a-z]{3}-\\d+$", undefined, true],
    ["regex", "ABC", "((", undefined, false],
    ["gt", "₹3,500", "3000", undefined, true],
    ["gt", "10", "10", undefined, false],
    ["gte", 10, "10", undefined, true],
    ["lt", "1,5", "2", undefined, true],
    ["lte", "abc", "5", undefined, false],
    ["is_empty", undefined, undefined, undefined, true],
    ["is_empty", "  ", undefined, undefined, true],
    ["is_not_empty", 0, undefined, undefined, true],
    ["in_list", "Shipped", undefined, ["pending", "shipped"], true],
    ["in_list", "lost", undefined, ["pending", "shipped"], false],
    ["not_in_list", "lost", undefined, ["pending"], true],
    ["equals", "gold", "{{expected}}", undefined, true],
  ];
  it.each(cases)("%s: %j vs %j / %j → %s", (operator, v, value, values, expected) => {
    const ctx = execContext(one(operator, value, values), { variables: { v, expected: "GOLD" } });
    expect(executeCondition(ctx)).toEqual({ next: expected ? "yes" : "else" });
  });

  const groups: [string, ConditionSettings, string][] = [
    ["first matching group wins", { groups: [{ id: "a", rules: [{ subject: "x", operator: "is_not_empty" }] }, { id: "b", rules: [] }] }, "a"],
    ["`all` needs every rule", { groups: [{ id: "a", match: "all", rules: [{ subject: "x", operator: "equals", value: "1" }, { subject: "y", operator: "equals", value: "1" }] }] }, "else"],
    ["`any` needs one rule", { groups: [{ id: "a", match: "any", rules: [{ subject: "x", operator: "equals", value: "1" }, { subject: "y", operator: "equals", value: "2" }] }] }, "a"],
    ["an empty `all` group holds", { groups: [{ id: "a", rules: [] }] }, "a"],
    ["an empty `any` group does not", { groups: [{ id: "a", match: "any", rules: [] }] }, "else"],
    ["no groups → else", {}, "else"],
    ["message fields", { groups: [{ id: "m", rules: [{ subject: "message.type", operator: "equals", value: "text" }, { subject: "message.text", operator: "equals", value: "hola" }] }] }, "m"],
  ];
  it.each(groups)("%s", (_name, settings, next) => {
    const ctx = execContext(settings, { variables: { x: "1", y: "2" }, message: { type: "text", text: "Hola" } });
    expect(executeCondition(ctx)).toEqual({ next });
  });
});
