import { describe, expect, it } from "vitest";
import { step } from "./engine";
import { contactOf, conversation, flow, hiTrigger, sentTexts, T0 } from "./test-utils";

const anyMessage = { id: "start", type: "trigger", settings: { kind: "any_message" } };

describe("Condition", () => {
  const doc = flow(
    [
      anyMessage,
      {
        id: "c",
        type: "condition",
        settings: {
          groups: [
            {
              id: "vip",
              match: "all",
              rules: [
                { subject: "contact.tier", operator: "equals", value: "gold" },
                { subject: "message.text", operator: "contains", value: "refund" },
              ],
            },
            {
              id: "greeting",
              match: "any",
              rules: [
                { subject: "message.text", operator: "starts_with", value: "hello" },
                { subject: "message.buttonId", operator: "equals", value: "wave" },
              ],
            },
          ],
        },
      },
      { id: "vip_r", type: "reply", settings: { text: "vip" } },
      { id: "greet_r", type: "reply", settings: { text: "hello!" } },
      { id: "else_r", type: "reply", settings: { text: "else" } },
    ],
    [
      ["start", "next", "c"],
      ["c", "vip", "vip_r"],
      ["c", "greeting", "greet_r"],
      ["c", "else", "else_r"],
    ],
  );

  it.each([
    ["all rules hold", { tier: "gold" }, { type: "text", text: "I want a REFUND" }, "vip"],
    ["one `all` rule fails, an `any` rule holds", { tier: "silver" }, { type: "text", text: "Hello, refund?" }, "hello!"],
    ["`any` via button id", {}, { type: "interactive", interactiveId: "wave", interactiveTitle: "👋" }, "hello!"],
    ["nothing holds → else", {}, { type: "text", text: "bye" }, "else"],
  ])("%s", (_name, attributes, message, reply) => {
    const chat = conversation(doc, { contact: { attributes } });
    expect(sentTexts(chat.event({ type: "message", message }))).toEqual([reply]);
  });
});

describe("Set variable, End and running off the graph", () => {
  it("sets, increments and clears variables, then ends at an End block", () => {
    const doc = flow(
      [
        hiTrigger,
        { id: "s1", type: "set_variable", settings: { variable: "greeting", value: "Hi {{contact.name}}" } },
        { id: "s2", type: "set_variable", settings: { variable: "count", operation: "increment", value: "2" } },
        { id: "s3", type: "set_variable", settings: { variable: "copy", value: "{{count}}" } },
        { id: "s4", type: "set_variable", settings: { variable: "greeting", operation: "clear" } },
        { id: "r", type: "reply", settings: { text: "{{copy}}/{{greeting | none}}" } },
        { id: "end", type: "end" },
      ],
      [
        ["start", "next", "s1"],
        ["s1", "next", "s2"],
        ["s2", "next", "s3"],
        ["s3", "next", "s4"],
        ["s4", "next", "r"],
        ["r", "next", "end"],
      ],
    );
    const result = conversation(doc).say("hi");
    expect(result.steps.map((s) => s.variablesChanged)).toEqual([
      undefined,
      { greeting: "Hi Ana" },
      { count: 2 },
      { copy: 2 },
      { greeting: null },
      undefined,
      undefined,
    ]);
    expect(sentTexts(result)).toEqual(["2/none"]);
    expect(result.effects.at(-1)).toEqual({ type: "end", reason: "end_block" });
    expect(result).toMatchObject({ status: "ended", session: null });
  });

  it("ends with reason `completed` when an output is not connected", () => {
    const doc = flow([hiTrigger, { id: "r", type: "reply", settings: { text: "bye" } }], [["start", "next", "r"]]);
    expect(conversation(doc).say("hi").effects.at(-1)).toEqual({ type: "end", reason: "completed" });
  });
});

describe("Handoff and Go to flow", () => {
  it("emits a handoff effect with the rendered note and ends the session", () => {
    const doc = flow([hiTrigger, { id: "h", type: "handoff", settings: { note: "Call {{contact.name}}" } }], [["start", "next", "h"]]);
    const result = conversation(doc).say("hi");
    expect(result.effects).toEqual([{ type: "handoff", blockId: "h", note: "Call Ana" }]);
    expect(result).toMatchObject({ status: "handoff", session: null });
  });

  it("emits goto_flow with the variables, and the target flow starts from the effect", () => {
    const from = flow(
      [hiTrigger, { id: "s", type: "set_variable", settings: { variable: "topic", value: "billing" } }, { id: "g", type: "go_to_flow", settings: { flowId: "flow-b" } }],
      [["start", "next", "s"], ["s", "next", "g"]],
    );
    const result = conversation(from).say("hi");
    expect(result.status).toBe("goto_flow");
    expect(result.session).toBeNull();
    const effect = result.effects.at(-1);
    expect(effect).toEqual({ type: "goto_flow", blockId: "g", flowId: "flow-b", variables: { topic: "billing" }, stepCount: 3, message: { type: "text", text: "hi" } });
    if (effect?.type !== "goto_flow") throw new Error("no goto");

    const target = flow(
      [{ id: "t", type: "trigger", settings: { keywords: ["never"] } }, { id: "r", type: "reply", settings: { text: "Topic: {{topic}}, you said {{message.text}}" } }],
      [["t", "next", "r"]],
    );
    const started = step({
      doc: target,
      flowId: "flow-b",
      version: 1,
      session: null,
      event: { type: "start", variables: effect.variables, stepCount: effect.stepCount, message: effect.message },
      now: T0,
      contact: contactOf(),
    });
    expect(sentTexts(started)).toEqual(["Topic: billing, you said hi"]);
    expect(started.steps[0]).toMatchObject({ blockId: "t", input: { kind: "start" } });
  });
});

describe("loop guard", () => {
  const loop = (extra: Record<string, unknown> = {}) =>
    flow(
      [
        hiTrigger,
        { id: "a", type: "set_variable", settings: { variable: "n", operation: "increment" } },
        { id: "b", type: "set_variable", settings: { variable: "m", operation: "increment" } },
      ],
      [["start", "next", "a"], ["a", "next", "b"], ["b", "next", "a"]],
      extra,
    );

  it("stops a cycle after 50 steps with a visible flow error", () => {
    const result = conversation(loop()).say("hi");
    expect(result.status).toBe("error");
    expect(result.session).toBeNull();
    expect(result.steps).toHaveLength(51);
    expect(result.steps.at(-1)?.error).toMatch(/ran 50 steps/);
    expect(result.effects.at(-1)).toMatchObject({ type: "flow_error", blockId: "b" });
    expect(result.steps.at(-2)?.variablesChanged).toEqual({ n: 25 });
  });

  it("honours the flow's own limit and the runtime's default", () => {
    expect(conversation(loop({ settings: { maxStepsPerMessage: 5 } })).say("hi").steps).toHaveLength(6);
    expect(conversation(loop(), { limits: { maxStepsPerMessage: 7 } }).say("hi").steps).toHaveLength(8);
  });

  it("counts steps carried over from a Go to flow", () => {
    const result = step({
      doc: loop(),
      flowId: "f",
      version: 1,
      session: null,
      event: { type: "start", stepCount: 48 },
      now: T0,
      contact: contactOf(),
    });
    expect(result.steps).toHaveLength(3);
    expect(result.status).toBe("error");
  });
});

describe("errors", () => {
  it("reports a reply that renders empty as a flow error instead of sending it", () => {
    const doc = flow([hiTrigger, { id: "r", type: "reply", settings: { text: "{{missing}}" } }], [["start", "next", "r"]]);
    const result = conversation(doc).say("hi");
    expect(result.status).toBe("error");
    expect(result.effects).toEqual([{ type: "flow_error", blockId: "r", message: expect.stringMatching(/cannot be sent/) }]);
    expect(result.steps.at(-1)).toMatchObject({ blockId: "r", error: expect.stringMatching(/cannot be sent/) });
  });

  it("refuses a session from another flow version", () => {
    const doc = flow([hiTrigger], []);
    const chat = conversation(flow([hiTrigger, { id: "r", type: "reply", settings: { kind: "buttons", text: "x", buttons: [{ id: "a", title: "A" }] } }], [["start", "next", "r"]]));
    chat.say("hi");
    const result = step({ doc, flowId: "flow-1", version: 2, session: chat.session, event: { type: "message", message: { type: "text", text: "a" } }, now: T0, contact: contactOf() });
    expect(result).toMatchObject({ status: "error", session: null });
  });

  it("keeps the session JSON-serializable", () => {
    const chat = conversation(flow([hiTrigger, { id: "q", type: "ask", settings: { question: "?", variable: "x" } }], [["start", "next", "q"]]));
    chat.say("hi");
    expect(JSON.parse(JSON.stringify(chat.session))).toEqual(chat.session);
  });
});
