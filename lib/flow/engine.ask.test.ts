import { describe, expect, it } from "vitest";
import { conversation, flow, hiTrigger, sentTexts } from "./test-utils";

function askFlow(settings: Record<string, unknown>) {
  return flow(
    [
      hiTrigger,
      { id: "ask", type: "ask", settings: { question: "How many?", variable: "qty", ...settings } },
      { id: "ok", type: "reply", settings: { text: "Got {{qty}}" } },
      { id: "bad", type: "reply", settings: { text: "Giving up" } },
    ],
    [
      ["start", "next", "ask"],
      ["ask", "next", "ok"],
      ["ask", "invalid", "bad"],
    ],
  );
}

describe("Ask", () => {
  it("asks, waits, stores a valid answer and continues", () => {
    const chat = conversation(askFlow({ validation: "number" }));
    const first = chat.say("hi");
    expect(sentTexts(first)).toEqual(["How many?"]);
    expect(chat.session?.waitingFor).toEqual({ kind: "ask", blockId: "ask", attempts: 0 });
    const answer = chat.say("12");
    expect(answer.steps[0]).toMatchObject({ blockId: "ask", output: "next", variablesChanged: { qty: 12 } });
    expect(sentTexts(answer)).toEqual(["Got 12"]);
  });

  it("retries with the retry message, then takes `invalid` after the retry limit", () => {
    const chat = conversation(askFlow({ validation: "number", retryMessage: "A number, please", maxRetries: 2 }));
    chat.say("hi");
    const r1 = chat.say("lots");
    expect(sentTexts(r1)).toEqual(["A number, please"]);
    expect(chat.session?.waitingFor?.attempts).toBe(1);
    expect(sentTexts(chat.say("many"))).toEqual(["A number, please"]);
    expect(chat.session?.waitingFor?.attempts).toBe(2);
    const r3 = chat.say("tons");
    expect(sentTexts(r3)).toEqual(["Giving up"]);
    expect(r3.steps[0]).toMatchObject({ blockId: "ask", output: "invalid" });
    expect(r3.status).toBe("ended");
  });

  it("uses a default retry message per validation", () => {
    const chat = conversation(askFlow({ validation: "email" }));
    chat.say("hi");
    expect(sentTexts(chat.say("nope"))).toEqual(["That doesn't look like an email address. Please try again."]);
  });

  it("a retry limit of 0 goes straight to `invalid`", () => {
    const chat = conversation(askFlow({ validation: "number", maxRetries: 0 }));
    chat.say("hi");
    expect(sentTexts(chat.say("x"))).toEqual(["Giving up"]);
  });

  it("saves `contact.x` answers as contact attributes that persist", () => {
    const chat = conversation(askFlow({ variable: "contact.city", validation: "text" }));
    chat.say("hi");
    const result = chat.say("Recife");
    expect(result.effects).toContainEqual({ type: "set_contact_attribute", key: "city", value: "Recife" });
    expect(chat.contact.attributes.city).toBe("Recife");
    expect(chat.session).toBeNull();
  });

  it("an image answer to a text question is invalid", () => {
    const chat = conversation(askFlow({ validation: "text", maxRetries: 0 }));
    chat.say("hi");
    expect(sentTexts(chat.event({ type: "message", message: { type: "image" } }))).toEqual(["Giving up"]);
  });
});
