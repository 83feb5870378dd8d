import { describe, expect, it } from "vitest";
import { contactOf, execContext, waitingFor } from "../../test-utils";
import type { InboundMessageInput } from "../../types";
import { executeAsk } from "./execute";
import type { AskSettings } from "./schema";

const answer = (settings: AskSettings, message: InboundMessageInput, attempts = 0, phone = "919959623255") =>
  executeAsk(
    execContext({ question: "?", variable: "v", ...settings }, {
      contact: contactOf({ phone }),
      resume: { kind: "message", message, waiting: waitingFor("ask", { attempts }) },
    }),
  );
const text = (t: string): InboundMessageInput => ({ type: "text", text: t });

describe("executeAsk", () => {
  it("asks the rendered question and waits", () => {
    const ctx = execContext<AskSettings>({ question: "Name, {{contact.name}}?" });
    expect(executeAsk(ctx)).toEqual({
      effects: [{ type: "send", blockId: "block", content: { type: "text", text: "Name, Ana?" } }],
      wait: { kind: "ask", attempts: 0 },
    });
  });

  const valid: [string, AskSettings, InboundMessageInput, unknown][] = [
    ["text", {}, text("  Ana Souza "), "Ana Souza"],
    ["a button title counts as text", {}, { type: "interactive", interactiveId: "x", interactiveTitle: "Yes" }, "Yes"],
    ["number", { validation: "number" }, text("1,5"), 1.5],
    ["number in range", { validation: "number", min: 1, max: 10 }, text("10"), 10],
    ["email (lowercased)", { validation: "email" }, text("Ana@Example.COM"), "ana@example.com"],
    ["phone with +", { validation: "phone" }, text("+55 11 98765-4321"), "+5511987654321"],
    ["local phone in the customer's country", { validation: "phone" }, text("98765 43210"), "+919876543210"],
    ["phone with a default country", { validation: "phone", defaultCountry: "BR" }, text("(11) 98765-4321"), "+5511987654321"],
    ["regex", { validation: "regex", pattern: "^\\d{5}$" }, text("12345"), "12345"],
    ["choice ignores case and accents", { validation: "choice", choices: ["Sí", "No"] }, text("si"), "Sí"],
    ["choice by button id", { validation: "choice", choices: ["opt_a"] }, { type: "interactive", interactiveId: "opt_a", interactiveTitle: "A" }, "opt_a"],
  ];
  it.each(valid)("accepts %s", (_name, settings, message, value) => {
    expect(answer(settings, message)).toEqual({ set: { v: value }, next: "next" });
  });

  const invalid: [string, AskSettings, InboundMessageInput][] = [
    ["empty text", {}, { type: "image" }],
    ["not a number", { validation: "number" }, text("twelve")],
    ["number out of range", { validation: "number", max: 10 }, text("11")],
    ["bad email", { validation: "email" }, text("ana@example")],
    ["bad phone", { validation: "phone" }, text("12")],
    ["regex miss", { validation: "regex", pattern: "^\\d{5}$" }, text("1234")],
    ["unknown choice", { validation: "choice", choices: ["1", "2"] }, text("3")],
  ];
  it.each(invalid)("rejects %s with the retry message", (_name, settings, message) => {
    const result = answer({ ...settings, retryMessage: "Again, {{contact.name}}" }, message);
    expect(result).toEqual({
      effects: [{ type: "send", blockId: "block", content: { type: "text", text: "Again, Ana" } }],
      wait: { kind: "ask", attempts: 1 },
    });
  });

  it.each([
    [0, 2, { wait: { kind: "ask", attempts: 1 } }],
    [1, 2, { wait: { kind: "ask", attempts: 2 } }],
    [2, 2, { next: "invalid" }],
    [0, 0, { next: "invalid" }],
  ])("after %i failed attempts with a limit of %i", (attempts, maxRetries, expected) => {
    expect(answer({ validation: "number", maxRetries }, text("x"), attempts)).toMatchObject(expected);
  });
});
