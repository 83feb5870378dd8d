import { describe, expect, it } from "vitest";
import { execContext } from "../../test-utils";
import type { InboundMessageInput } from "../../types";
import { executeTrigger } from "./execute";
import { triggerMatches } from "./match";
import type { TriggerSettings } from "./schema";

describe("executeTrigger", () => {
  it("moves on through `next`", () => {
    expect(executeTrigger(execContext<TriggerSettings>({ keywords: ["hi"] }))).toEqual({ next: "next" });
  });
});

describe("triggerMatches", () => {
  const msg = (text: string): InboundMessageInput => ({ type: "text", text });
  const cases: [TriggerSettings, InboundMessageInput, boolean][] = [
    [{}, msg("hi"), false], // keyword trigger with no keywords never fires
    [{ keywords: ["Bom dia"] }, msg("bom   DIA!"), true],
    [{ keywords: ["preço"] }, msg("PRECO"), true],
    [{ match: "contains", keywords: ["price"] }, msg("what's the price?"), true],
    [{ match: "regex", keywords: ["^order\\s*#?\\d+$"] }, msg("Order #123"), true],
    [{ kind: "any_message" }, { type: "location", location: { latitude: 1, longitude: 2 } }, true],
    [{ kind: "button_payload", payloads: [] }, { type: "button", interactiveId: "x" }, false],
    [{ kind: "ad_referral", adSourceIds: [" "] }, { type: "text", referral: {} }, true],
  ];
  it.each(cases)("%j on %j → %s", (settings, message, expected) => {
    expect(triggerMatches(settings, message, { isFirstContact: false })).toBe(expected);
  });
});
