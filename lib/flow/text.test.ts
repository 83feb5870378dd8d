import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePattern, looksCatastrophic, normalizeAnswer, normalizeText, parseNumber } from "./text";

describe("normalizeText", () => {
  it.each([
    ["HÍ", "hi"],
    ["  Olá   Mundo ", "ola mundo"],
    ["ÇÃO", "cao"],
    ["İstanbul", "istanbul"],
    ["Crème Brûlée", "creme brulee"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("is idempotent", () => {
    fc.assert(fc.property(fc.string(), (s) => normalizeText(normalizeText(s)) === normalizeText(s)));
  });
});

describe("normalizeAnswer", () => {
  it.each([
    ["Hi!", "hi"],
    ["👋 hi", "hi"],
    ["¿Sí?", "si"],
    ["?", "?"],
    ["1.", "1"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});

describe("parseNumber", () => {
  it.each([
    ["42", 42],
    [" -3.5 ", -3.5],
    ["1,5", 1.5],
    ["₹3,500", 3500],
    ["12,345,678", 12345678],
    ["42 kg", 42],
    ["abc", Number.NaN],
    ["", Number.NaN],
    ["5 or 6", Number.NaN],
  ])("%s → %s", (input, expected) => {
    expect(parseNumber(input)).toBe(expected);
  });
});

describe("patterns", () => {
  it("compiles valid patterns case-insensitively and rejects invalid ones", () => {
    expect(compilePattern("^hi$")?.test("HI")).toBe(true);
    expect(compilePattern("((")).toBeNull();
    expect(compilePattern("a".repeat(301))).toBeNull();
  });
  it.each([
    ["(a+)+", true],
    ["(\\d*)*$", true],
    ["^\\d{4,10}$", false],
    ["(hi|hey)", false],
  ])("looksCatastrophic(%s) = %s", (pattern, expected) => {
    expect(looksCatastrophic(pattern)).toBe(expected);
  });
});
