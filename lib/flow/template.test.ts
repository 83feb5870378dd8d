import { describe, expect, it } from "vitest";
import { getPath, renderTemplate, singlePlaceholder, templatePaths } from "./template";

const scope = { name: "Ana", n: 0, ok: false, list: [{ sku: "a" }], obj: { k: "v" }, empty: "", nil: null, contact: { name: "Bia" } };
const lookup = (path: string) => getPath(scope, path);

describe("renderTemplate", () => {
  it.each([
    ["Hello {{name}}", "Hello Ana"],
    ["Hello {{ name }}", "Hello Ana"],
    ["{{contact.name}}", "Bia"],
    ["{{list.0.sku}} {{list[0].sku}}", "a a"],
    ["{{n}} {{ok}}", "0 false"],
    ["{{obj}}", '{"k":"v"}'],
    ["[{{missing}}] [{{nil}}]", "[] []"],
    ["Hi {{missing | there}}", "Hi there"],
    ["Hi {{empty|friend}}", "Hi friend"],
    ["Hi {{name | friend}}", "Hi Ana"],
    ["no placeholders", "no placeholders"],
    ["{{ }} {name} {{{name}}}", " {name} {Ana}"],
    ["{{__proto__}}{{constructor}}{{name.length}}", ""],
  ])("%s → %s", (template, expected) => {
    expect(renderTemplate(template, lookup)).toBe(expected);
  });

  it("passes offsets to the encoder", () => {
    const offsets: number[] = [];
    renderTemplate("a{{name}}b{{n}}", lookup, { encode: (v, o) => (offsets.push(o), v) });
    expect(offsets).toEqual([1, 10]);
  });
});

describe("template helpers", () => {
  it("lists paths", () => {
    expect(templatePaths("{{a}} and {{ b.c | x }}")).toEqual(["a", "b.c"]);
  });
  it.each([
    ["{{order}}", "order"],
    [" {{ a.b }} ", "a.b"],
    ["x{{a}}", null],
    ["{{a}}{{b}}", null],
    ["{{a|b}}", null],
  ])("singlePlaceholder(%s) = %s", (template, expected) => {
    expect(singlePlaceholder(template)).toBe(expected);
  });
});
