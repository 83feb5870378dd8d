import { describe, expect, it } from "vitest";
import { conversation, flow, hiTrigger, sentTexts } from "./test-utils";
import type { Effect, StepResult } from "./types";

const anyMessage = { id: "start", type: "trigger", settings: { kind: "any_message" } };

const doc = flow(
  [
    anyMessage,
    {
      id: "api",
      type: "api_call",
      settings: {
        method: "POST",
        url: "https://api.example.com/orders/{{order}}?q={{message.text}}",
        headers: [{ name: "X-Customer", value: "{{contact.phone}}" }],
        body: '{"order": "{{order}}", "name": "Name: {{contact.name}}", "qty": "{{qty}}"}',
        timeoutSeconds: 5,
        mappings: [
          { path: "$.status", variable: "status" },
          { path: "items[*].sku", variable: "skus" },
          { path: "$.customer.tier", variable: "contact.tier" },
        ],
      },
    },
    { id: "ok", type: "reply", settings: { text: "Status: {{status}} (HTTP {{api.status}})" } },
    { id: "fail", type: "reply", settings: { text: "Lookup failed: {{api.error}}" } },
  ],
  [
    ["start", "next", "api"],
    ["api", "success", "ok"],
    ["api", "error", "fail"],
  ],
  { variables: [{ name: "order", default: "A/1 x" }, { name: "qty", default: 3 }] },
);

function httpEffect(result: StepResult): Extract<Effect, { type: "http" }> {
  const effect = result.effects.find((e) => e.type === "http");
  if (effect?.type !== "http") throw new Error("no http effect");
  return effect;
}

describe("API call", () => {
  it("emits an http effect and waits for the result", () => {
    const chat = conversation(doc);
    const result = chat.say("hi there");
    expect(result.status).toBe("awaiting_http");
    const effect = httpEffect(result);
    expect(effect.request).toEqual({
      method: "POST",
      url: "https://api.example.com/orders/A%2F1%20x?q=hi%20there",
      headers: { "X-Customer": "919959623255", "Content-Type": "application/json" },
      body: JSON.stringify({ order: "A/1 x", name: "Name: Ana", qty: 3 }),
      timeoutMs: 5000,
      maxResponseBytes: 1024 * 1024,
    });
    expect(chat.session?.waitingFor).toEqual({ kind: "http", blockId: "api", requestId: effect.requestId });
    expect(result.effects.some((e) => e.type === "schedule_timer")).toBe(false);
  });

  it("maps the JSON response into variables and takes `success`", () => {
    const chat = conversation(doc);
    const { requestId } = httpEffect(chat.say("hi"));
    const result = chat.event({
      type: "http_result",
      requestId,
      ok: true,
      status: 200,
      durationMs: 42,
      body: { status: "shipped", items: [{ sku: "a" }, { sku: "b" }], customer: { tier: "gold" } },
    });
    expect(result.steps[0]).toMatchObject({
      blockId: "api",
      output: "success",
      input: { kind: "http_result", ok: true, status: 200, durationMs: 42 },
      variablesChanged: { status: "shipped", skus: ["a", "b"], "contact.tier": "gold" },
    });
    expect(result.effects).toContainEqual({ type: "set_contact_attribute", key: "tier", value: "gold" });
    expect(sentTexts(result)).toEqual(["Status: shipped (HTTP 200)"]);
  });

  it.each([
    ["an HTTP error", { ok: false, status: 404, error: "Not Found", body: { message: "nope" } }, "Lookup failed: Not Found"],
    ["a timeout", { ok: false, error: "Timed out after 5000 ms" }, "Lookup failed: Timed out after 5000 ms"],
  ])("takes `error` on %s", (_name, outcome, reply) => {
    const chat = conversation(doc);
    const { requestId } = httpEffect(chat.say("hi"));
    const result = chat.event({ type: "http_result", requestId, durationMs: 5000, ...outcome });
    expect(result.steps[0]).toMatchObject({ blockId: "api", output: "error" });
    expect(sentTexts(result)).toEqual([reply]);
  });

  it("ignores results for another request and messages while the call is in flight", () => {
    const chat = conversation(doc);
    chat.say("hi");
    const before = chat.session;
    expect(chat.event({ type: "http_result", requestId: "old", ok: true, durationMs: 1 })).toEqual({
      session: before,
      effects: [],
      steps: [],
      status: "awaiting_http",
    });
    expect(chat.say("hello?")).toMatchObject({ session: before, effects: [], status: "awaiting_http" });
  });

  it("goes to `error` without calling out when the URL is not valid", () => {
    const bad = flow(
      [hiTrigger, { id: "api", type: "api_call", settings: { url: "{{base}}/x" } }, { id: "fail", type: "reply", settings: { text: "{{api.error}}" } }],
      [["start", "next", "api"], ["api", "error", "fail"]],
    );
    const result = conversation(bad).say("hi");
    expect(result.effects.some((e) => e.type === "http")).toBe(false);
    expect(sentTexts(result)).toEqual(["“/x” is not a valid URL."]);
  });
});
