import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFlowDocument } from "./document";
import { conversation, sentTexts } from "./test-utils";
import type { Effect, StepResult } from "./types";

const load = (name: string) =>
  parseFlowDocument(JSON.parse(readFileSync(path.resolve(__dirname, "../../examples/flows", name), "utf8")));

const http = (result: StepResult) => {
  const effect = result.effects.find((e): e is Extract<Effect, { type: "http" }> => e.type === "http");
  if (!effect) throw new Error("expected an http effect");
  return effect;
};

describe("lead-capture example (buttons + list)", () => {
  it("hi → buttons → list → bill → email → CRM → thanks", () => {
    const chat = conversation(load("lead-capture.json"), { contact: { name: "Ravi", phone: "919876543210" } });
    const hi = chat.say("Hi");
    expect(hi.effects[0]).toMatchObject({ type: "send", content: { type: "buttons", header: "Acme Solar ☀️" } });
    expect(sentTexts(hi)[0]).toMatch(/^Hi Ravi!/);

    const quote = chat.tap("quote", "Get a free quote");
    expect(quote.effects.find((e) => e.type === "send")).toMatchObject({ content: { type: "list", button: "Choose property" } });

    expect(sentTexts(chat.tap("apartment", "Apartment"))).toEqual(["Roughly how much is your monthly electricity bill, in ₹?"]);
    expect(sentTexts(chat.say("not sure"))).toEqual(["Please send just a number, like 3500."]);
    const bill = chat.say("about ₹6,500");
    expect(bill.steps.map((s) => s.blockId)).toEqual(["ask_bill", "score", "mark_hot", "ask_email"]);

    const email = chat.say("ravi@example.in");
    const request = http(email);
    expect(request.request.method).toBe("POST");
    expect(JSON.parse(request.request.body ?? "")).toEqual({
      name: "Ravi",
      phone: "919876543210",
      email: "ravi@example.in",
      property: "Apartment",
      monthlyBill: 6500,
      score: "hot",
      source: "whatsapp",
    });

    const saved = chat.event({ type: "http_result", requestId: request.requestId, ok: true, status: 201, body: { id: "L-77" }, durationMs: 80 });
    expect(sentTexts(saved)).toEqual(["You're all set! Your reference is L-77. We'll email your quote to ravi@example.in within 24 hours. ☀️"]);
    expect(saved.status).toBe("ended");
  });

  it("callback → phone → handoff to sales with a note", () => {
    const chat = conversation(load("lead-capture.json"), { contact: { name: "Ravi", phone: "919876543210" } });
    chat.say("hello");
    chat.tap("callback");
    const result = chat.say("98450 12345");
    expect(sentTexts(result)).toEqual(["Thanks! One of our energy advisors will call +919845012345 today."]);
    expect(result.effects.at(-1)).toEqual({
      type: "handoff",
      blockId: "sales",
      note: "Solar lead: Ravi, Request a callback, callback +919845012345, score not scored",
    });
  });

  it("no answer to the welcome buttons → nudge", () => {
    const chat = conversation(load("lead-capture.json"));
    const hi = chat.say("hi");
    const timer = hi.effects.find((e) => e.type === "schedule_timer" && e.kind === "no_reply");
    if (timer?.type !== "schedule_timer") throw new Error("no timer");
    chat.advance(60);
    expect(sentTexts(chat.event({ type: "timer", timerId: timer.timerId, kind: "no_reply" }))[0]).toMatch(/^Still there\?/);
  });
});

describe("order-status example (API call)", () => {
  it("looks up the order and reports a shipment, then says bye", () => {
    const chat = conversation(load("order-status.json"));
    expect(sentTexts(chat.say("Where is my order?"))[0]).toMatch(/order number/);
    expect(sentTexts(chat.say("#10234"))[0]).toMatch(/4 to 10 digits/);
    const lookup = http(chat.say("10234"));
    expect(lookup.request.url).toBe("https://shop.example.com/api/orders/10234?phone=919959623255");
    expect(lookup.request.timeoutMs).toBe(8000);

    const found = chat.event({
      type: "http_result",
      requestId: lookup.requestId,
      ok: true,
      status: 200,
      durationMs: 120,
      body: { status: "shipped", eta: "Friday", carrier: { trackingUrl: "https://track.test/1" } },
    });
    expect(sentTexts(found)).toEqual([
      "Order #10234 is on its way and should arrive by Friday. Track it here: https://track.test/1",
      "Anything else I can help with?",
    ]);
    const bye = chat.tap("done", "No, thanks");
    expect(sentTexts(bye)).toEqual(["Thanks for shopping with us! 👋"]);
    expect(bye.effects.at(-1)).toEqual({ type: "end", reason: "end_block" });
  });

  it("an unknown order offers a retry or an agent", () => {
    const chat = conversation(load("order-status.json"));
    chat.say("track my delivery");
    const lookup = http(chat.say("99999"));
    const failed = chat.event({ type: "http_result", requestId: lookup.requestId, ok: false, status: 404, durationMs: 30 });
    expect(sentTexts(failed)).toEqual(["Sorry, I couldn't find order #99999. What would you like to do?"]);
    expect(sentTexts(chat.tap("retry"))[0]).toMatch(/order number/);
  });
});
