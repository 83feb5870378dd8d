import { describe, expect, it } from "vitest";
import { matchTrigger, step } from "./engine";
import { contactOf, flow, T0 } from "./test-utils";
import type { InboundMessageInput } from "./types";

const withTrigger = (settings: Record<string, unknown>) =>
  flow([{ id: "t", type: "trigger", settings }, { id: "r", type: "reply", settings: { text: "ok" } }], [["t", "next", "r"]]);

const text = (t: string): InboundMessageInput => ({ type: "text", text: t });
const ad = (sourceId?: string): InboundMessageInput => ({ type: "text", text: "Olá", referral: { sourceId, ctwaClid: "x" } });

describe("matchTrigger", () => {
  const cases: [string, Record<string, unknown>, InboundMessageInput, boolean, boolean?][] = [
    ["exact keyword", { keywords: ["hi"] }, text("hi"), true],
    ["exact is case-insensitive", { keywords: ["hi"] }, text("HI"), true],
    ["exact is accent-insensitive", { keywords: ["hi"] }, text("HÍ"), true],
    ["accented keyword matches plain text", { keywords: ["olá"] }, text("ola"), true],
    ["exact ignores surrounding punctuation and emoji", { keywords: ["hi"] }, text("  Hi! 👋 "), true],
    ["exact does not match a longer message", { keywords: ["hi"] }, text("hi there"), false],
    ["one of several keywords", { keywords: ["hello", "hi"] }, text("Hello"), true],
    ["contains", { match: "contains", keywords: ["order"] }, text("Where is my ORDER?"), true],
    ["contains misses", { match: "contains", keywords: ["order"] }, text("hello"), false],
    ["contains is accent-insensitive", { match: "contains", keywords: ["INFORMACOES"] }, text("quero mais informações"), true],
    ["regex", { match: "regex", keywords: ["^(hi|hey)\\b"] }, text("Hey you"), true],
    ["regex on accent-free text", { match: "regex", keywords: ["^ola$"] }, text("Olá"), true],
    ["regex misses", { match: "regex", keywords: ["^\\d+$"] }, text("12a"), false],
    ["invalid regex never matches", { match: "regex", keywords: ["(("] }, text("(("), false],
    ["keyword ignores media without text", { keywords: ["hi"] }, { type: "image" }, false],
    ["keyword matches a tapped button title", { keywords: ["menu"] }, { type: "interactive", interactiveId: "m", interactiveTitle: "Menu" }, true],
    ["any message", { kind: "any_message" }, { type: "sticker" }, true],
    ["first contact: yes", { kind: "first_contact" }, text("yo"), true, true],
    ["first contact: no", { kind: "first_contact" }, text("yo"), false, false],
    ["button payload", { kind: "button_payload", payloads: ["promo:yes"] }, { type: "button", interactiveId: "promo:yes" }, true],
    ["other button payload", { kind: "button_payload", payloads: ["promo:yes"] }, { type: "button", interactiveId: "promo:no" }, false],
    ["any ad referral", { kind: "ad_referral" }, ad("120"), true],
    ["a listed ad", { kind: "ad_referral", adSourceIds: ["120"] }, ad("120"), true],
    ["another ad", { kind: "ad_referral", adSourceIds: ["120"] }, ad("999"), false],
    ["no referral", { kind: "ad_referral" }, text("hi"), false],
  ];

  it.each(cases)("%s", (_name, settings, message, expected, isFirstContact = false) => {
    expect(matchTrigger(withTrigger(settings), message, { isFirstContact })).toEqual(expected ? { blockId: "t" } : null);
  });

  it("returns null for a flow without a trigger", () => {
    const doc = flow([{ id: "r", type: "reply", settings: { text: "x" } }], []);
    expect(matchTrigger(doc, text("hi"), { isFirstContact: true })).toBeNull();
  });
});

describe("step() on a first message", () => {
  const doc = withTrigger({ keywords: ["hi"] });
  const run = (message: InboundMessageInput) =>
    step({ doc, flowId: "f", version: 3, session: null, event: { type: "message", message }, now: T0, contact: contactOf() });

  it("starts the flow and records the trigger step with the message as input", () => {
    const result = run(text("Hi"));
    expect(result.status).toBe("ended");
    expect(result.steps[0]).toEqual({ blockId: "t", blockType: "trigger", at: T0, input: { kind: "message", messageType: "text", text: "Hi" }, output: "next" });
    expect(result.effects).toEqual([
      { type: "send", blockId: "r", content: { type: "text", text: "ok" } },
      { type: "end", reason: "completed" },
    ]);
  });

  it("does nothing when the trigger does not match", () => {
    expect(run(text("bye"))).toEqual({ session: null, effects: [], steps: [], status: "ended" });
  });
});
