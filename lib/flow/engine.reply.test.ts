import { describe, expect, it } from "vitest";
import { conversation, flow, hiTrigger, sentTexts, T0 } from "./test-utils";

const buttons = {
  kind: "buttons",
  text: "Pick one, {{contact.name}}",
  buttons: [
    { id: "yes", title: "Yes please" },
    { id: "no", title: "No" },
  ],
};

function buttonFlow(settings: Record<string, unknown> = buttons, connectNoMatch = true) {
  return flow(
    [
      hiTrigger,
      { id: "q", type: "reply", settings },
      { id: "yes_r", type: "reply", settings: { text: "great" } },
      { id: "no_r", type: "reply", settings: { text: "ok then" } },
      { id: "nm_r", type: "reply", settings: { text: "please tap a button" } },
      { id: "late_r", type: "reply", settings: { text: "still there?" } },
    ],
    [
      ["start", "next", "q"],
      ["q", "yes", "yes_r"],
      ["q", "no", "no_r"],
      ...(connectNoMatch ? ([["q", "no_match", "nm_r"]] as [string, string, string][]) : []),
      ["q", "timeout", "late_r"],
    ],
  );
}

describe("Reply with buttons", () => {
  it("sends the buttons, waits, and schedules the inactivity timer", () => {
    const chat = conversation(buttonFlow());
    const first = chat.say("hi");
    expect(first.status).toBe("waiting");
    expect(first.effects[0]).toEqual({
      type: "send",
      blockId: "q",
      content: { type: "buttons", body: "Pick one, Ana", buttons: [{ id: "yes", title: "Yes please" }, { id: "no", title: "No" }] },
    });
    const timer = first.effects.find((e) => e.type === "schedule_timer");
    expect(timer).toMatchObject({ kind: "inactivity", blockId: "q", dueAt: new Date(T0.getTime() + 24 * 3600_000) });
    expect(chat.session).toMatchObject({ currentBlockId: "q", waitingFor: { kind: "reply_choice", blockId: "q" } });
    expect(chat.session?.inactivityTimerId).toBe(timer?.type === "schedule_timer" ? timer.timerId : "missing");
  });

  it.each([
    ["a tap on the button id", (c: ReturnType<typeof conversation>) => c.tap("no", "No"), "ok then", "no"],
    ["a typed button title", (c: ReturnType<typeof conversation>) => c.say("yes PLEASE!"), "great", "yes"],
    ["free text", (c: ReturnType<typeof conversation>) => c.say("maybe"), "please tap a button", "no_match"],
    ["an unknown button id", (c: ReturnType<typeof conversation>) => c.tap("other"), "please tap a button", "no_match"],
  ])("routes %s", (_name, act, reply, output) => {
    const chat = conversation(buttonFlow());
    chat.say("hi");
    const result = act(chat);
    expect(result.effects[0]).toEqual({ type: "cancel_timers" });
    expect(sentTexts(result)).toEqual([reply]);
    expect(result.steps[0]).toMatchObject({ blockId: "q", output });
  });

  it("re-sends the options when `no match` is not connected", () => {
    const chat = conversation(buttonFlow(buttons, false));
    chat.say("hi");
    const result = chat.say("what?");
    expect(sentTexts(result)).toEqual(["Pick one, Ana"]);
    expect(result.status).toBe("waiting");
    expect(chat.session?.waitingFor?.blockId).toBe("q");
  });

  it("saves the chosen title when asked to", () => {
    const chat = conversation(buttonFlow({ ...buttons, saveChoiceAs: "answer" }));
    chat.say("hi");
    const result = chat.tap("yes");
    expect(result.steps[0]?.variablesChanged).toEqual({ answer: "Yes please" });
  });

  it("takes the `timeout` output when the no-reply timer fires", () => {
    const chat = conversation(buttonFlow({ ...buttons, noReplyAfterMinutes: 10 }));
    const first = chat.say("hi");
    const noReply = first.effects.find((e) => e.type === "schedule_timer" && e.kind === "no_reply");
    expect(noReply).toMatchObject({ dueAt: new Date(T0.getTime() + 10 * 60_000), blockId: "q" });
    if (noReply?.type !== "schedule_timer") throw new Error("no timer");
    chat.advance(10);
    const fired = chat.event({ type: "timer", timerId: noReply.timerId, kind: "no_reply" });
    expect(sentTexts(fired)).toEqual(["still there?"]);
    expect(fired.steps[0]).toMatchObject({ blockId: "q", output: "timeout", input: { kind: "timer", timer: "no_reply" } });
    expect(fired.status).toBe("ended");
  });

  it("ignores a stale timer after the customer answered", () => {
    const chat = conversation(buttonFlow({ ...buttons, noReplyAfterMinutes: 10 }));
    const first = chat.say("hi");
    const noReply = first.effects.find((e) => e.type === "schedule_timer" && e.kind === "no_reply");
    if (noReply?.type !== "schedule_timer") throw new Error("no timer");
    chat.say("maybe"); // no_match → nm_r → ends
    expect(chat.event({ type: "timer", timerId: noReply.timerId, kind: "no_reply" })).toEqual({
      session: null,
      effects: [],
      steps: [],
      status: "ended",
    });
  });
});

describe("Reply with a list", () => {
  const doc = flow(
    [
      hiTrigger,
      {
        id: "menu",
        type: "reply",
        settings: {
          kind: "list",
          text: "Choose a topic",
          list: {
            button: "Topics",
            sections: [
              { title: "Orders", rows: [{ id: "opt:delivery_status", title: "Status da entrega" }] },
              { title: "Other", rows: [{ id: "opt:other", title: "Something else", description: "Anything" }] },
            ],
          },
        },
      },
      { id: "status", type: "reply", settings: { text: "status!" } },
      { id: "other", type: "reply", settings: { text: "other!" } },
    ],
    [
      ["start", "next", "menu"],
      ["menu", "opt:delivery_status", "status"],
      ["menu", "opt:other", "other"],
    ],
  );

  it("sends the list and routes each row to its output", () => {
    const chat = conversation(doc);
    const first = chat.say("hi");
    expect(first.effects[0]).toMatchObject({ type: "send", content: { type: "list", button: "Topics", body: "Choose a topic" } });
    expect(sentTexts(chat.tap("opt:delivery_status", "Status da entrega"))).toEqual(["status!"]);

    const again = conversation(doc);
    again.say("hi");
    expect(sentTexts(again.say("something else"))).toEqual(["other!"]);
  });
});

describe("inactivity", () => {
  it("ends a waiting session when the inactivity timer fires", () => {
    const doc = flow([hiTrigger, { id: "q", type: "reply", settings: buttons }], [["start", "next", "q"]], {
      settings: { inactivityTimeoutMinutes: 30 },
    });
    const chat = conversation(doc);
    const first = chat.say("hi");
    const timer = first.effects.find((e) => e.type === "schedule_timer");
    expect(timer).toMatchObject({ kind: "inactivity", dueAt: new Date(T0.getTime() + 30 * 60_000) });
    if (timer?.type !== "schedule_timer") throw new Error("no timer");
    chat.advance(30);
    const fired = chat.event({ type: "timer", timerId: timer.timerId, kind: "inactivity" });
    expect(fired).toMatchObject({ session: null, status: "ended" });
    expect(fired.effects).toEqual([{ type: "cancel_timers" }, { type: "end", reason: "inactivity" }]);
    expect(fired.steps).toEqual([{ blockId: "q", blockType: "reply", at: new Date(T0.getTime() + 30 * 60_000), input: { kind: "timer", timer: "inactivity" } }]);
  });

  it("ignores an inactivity timer from an earlier wait", () => {
    const chat = conversation(flow([hiTrigger, { id: "q", type: "reply", settings: buttons }], [["start", "next", "q"]]));
    chat.say("hi");
    const session = chat.session;
    chat.say("nope"); // no_match unconnected → re-sent, new timers
    const stale = chat.event({ type: "timer", timerId: session?.inactivityTimerId ?? "", kind: "inactivity" });
    expect(stale.effects).toEqual([]);
    expect(stale.status).toBe("waiting");
  });
});

describe("expired sessions", () => {
  it("ends a session past the inactivity deadline even if its timer never fired, then starts afresh", () => {
    const doc = flow([hiTrigger, { id: "q", type: "reply", settings: buttons }], [["start", "next", "q"]], { settings: { inactivityTimeoutMinutes: 60 } });
    const chat = conversation(doc);
    chat.say("hi");
    chat.advance(61);
    const result = chat.say("hi");
    expect(result.effects.slice(0, 2)).toEqual([{ type: "cancel_timers" }, { type: "end", reason: "inactivity" }]);
    expect(sentTexts(result)).toEqual(["Pick one, Ana"]);
    expect(result.status).toBe("waiting");
    expect(chat.session?.startedAt).toBe(new Date(T0.getTime() + 61 * 60_000).toISOString());
  });

  it("a late answer that does not start the flow just ends the old session", () => {
    const chat = conversation(flow([hiTrigger, { id: "q", type: "reply", settings: buttons }], [["start", "next", "q"]]));
    chat.say("hi");
    chat.advance(24 * 60);
    const result = chat.tap("yes");
    expect(result).toMatchObject({ status: "ended", session: null });
    expect(result.effects).toEqual([{ type: "cancel_timers" }, { type: "end", reason: "inactivity" }]);
  });
});
