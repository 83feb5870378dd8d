import { describe, expect, it } from "vitest";
import { demoFlowDocument } from "./demo";
import { conversation, sentTexts } from "./test-utils";

describe("demo flow conversation (hi → 1 price / 2 support)", () => {
  it("hi → menu, 1 → pricing and the session ends", () => {
    const chat = conversation(demoFlowDocument());
    const hi = chat.say("hi");
    expect(sentTexts(hi)).toEqual(["Hello! Type 1 for price, 2 for support."]);
    expect(hi.status).toBe("waiting");
    expect(chat.session?.waitingFor).toMatchObject({ kind: "ask", blockId: "menu" });

    const one = chat.say("1");
    expect(sentTexts(one)).toEqual(["Pricing starts at ₹999/month."]);
    expect(one.status).toBe("ended");
    expect(one.session).toBeNull();
    expect(one.steps.map((s) => [s.blockId, s.output])).toEqual([
      ["menu", "next"],
      ["route", "price"],
      ["pricing", "next"],
      ["done", undefined],
    ]);
  });

  it("accepts “Hi!” and “HÍ” as the greeting", () => {
    expect(sentTexts(conversation(demoFlowDocument()).say("Hi!"))).toHaveLength(1);
    expect(sentTexts(conversation(demoFlowDocument()).say("HÍ"))).toHaveLength(1);
  });

  it("does not start on other messages", () => {
    const result = conversation(demoFlowDocument()).say("1");
    expect(result).toMatchObject({ session: null, effects: [], steps: [], status: "ended" });
  });

  it("2 → asks for the email; a bad email gets the retry message; a good one hands off", () => {
    const chat = conversation(demoFlowDocument(), { contact: { name: "Ana", phone: "919959623255" } });
    chat.say("hi");
    expect(sentTexts(chat.say("2"))).toEqual(["Sure, let's get you to our support team. What's your email address?"]);

    const bad = chat.say("ana at example");
    expect(sentTexts(bad)).toEqual(["That doesn't look like an email address. Please send it like name@example.com."]);
    expect(bad.status).toBe("waiting");

    const good = chat.say("Ana@Example.com");
    expect(sentTexts(good)).toEqual(["Thanks! An agent will reply here shortly. We'll also follow up at ana@example.com."]);
    expect(good.status).toBe("handoff");
    expect(good.session).toBeNull();
    expect(good.effects).toContainEqual({ type: "set_contact_attribute", key: "email", value: "ana@example.com" });
    expect(good.effects).toContainEqual({
      type: "handoff",
      blockId: "handoff",
      note: "Support request from Ana (919959623255), email: ana@example.com",
    });
    expect(chat.contact.attributes.email).toBe("ana@example.com");
  });

  it("an unclear menu answer is retried, then the flow apologises and ends", () => {
    const chat = conversation(demoFlowDocument());
    chat.say("hi");
    expect(sentTexts(chat.say("price?"))).toEqual(["Please type 1 for price or 2 for support."]);
    expect(sentTexts(chat.say("support pls"))).toEqual(["Please type 1 for price or 2 for support."]);
    const last = chat.say("???");
    expect(sentTexts(last)).toEqual(["Sorry, I didn't get that. Send hi to see the menu again."]);
    expect(last.status).toBe("ended");
  });
});
