import { describe, expect, it } from "vitest";
import { execContext } from "../../test-utils";
import { executeSetVariable } from "./execute";
import type { SetVariableSettings } from "./schema";

const vars = { count: 2, name: "Ana", obj: { a: 1 }, text: "5" };

describe("executeSetVariable", () => {
  const cases: [string, SetVariableSettings, Record<string, unknown>][] = [
    ["plain text", { variable: "x", value: "hello" }, { x: "hello" }],
    ["template", { variable: "x", value: "Hi {{name}} ({{count}})" }, { x: "Hi Ana (2)" }],
    ["a lone variable keeps its type", { variable: "x", value: "{{obj}}" }, { x: { a: 1 } }],
    ["a missing lone variable becomes null", { variable: "x", value: "{{nope}}" }, { x: null }],
    ["empty value", { variable: "x" }, { x: "" }],
    ["increment by 1", { variable: "count", operation: "increment" }, { count: 3 }],
    ["increment by a value", { variable: "count", operation: "increment", value: "-5" }, { count: -3 }],
    ["increment a numeric string", { variable: "text", operation: "increment", value: "{{count}}" }, { text: 7 }],
    ["increment a missing variable", { variable: "fresh", operation: "increment" }, { fresh: 1 }],
    ["clear", { variable: "name", operation: "clear" }, { name: null }],
    ["contact attribute", { variable: "contact.plan", value: "pro" }, { "contact.plan": "pro" }],
  ];
  it.each(cases)("%s", (_name, settings, set) => {
    expect(executeSetVariable(execContext(settings, { variables: vars }))).toEqual({ set, next: "next" });
  });

  it.each([
    ["no variable", {}],
    ["increment by text", { variable: "count", operation: "increment", value: "{{name}}" }],
  ] as [string, SetVariableSettings][])("fails visibly with %s", (_name, settings) => {
    expect(executeSetVariable(execContext(settings, { variables: vars })).error).toBeTruthy();
  });
});
