import { describe, expect, it } from "vitest";
import type { OutboundContent } from "@/lib/channels/content";
import { execContext, waitingFor } from "../../test-utils";
import type { InboundMessageInput } from "../../types";
import { executeReply } from "./execute";
import { replyBlock } from "./meta";
import type { ReplySettings } from "./schema";

const vars = { name: "Ana", long: "x".repeat(5000) };
const buttons: ReplySettings = { kind: "buttons", text: "Hi {{name}}", buttons: [{ id: "y", title: "Yes" }, { id: "n", title: "No" }] };

describe("executeReply: what is sent", () => {
  const cases: [string, ReplySettings, OutboundContent][] = [
    ["text with variables", { text: "Hello {{name}}!" }, { type: "text", text: "Hello Ana!" }],
    ["long text is cut to 4096", { text: "{{long}}" }, { type: "text", text: `${"x".repeat(4095)}…` }],
    ["link preview", { text: "https://x.test", previewUrl: true }, { type: "text", text: "https://x.test", previewUrl: true }],
    [
      "media by URL",
      { kind: "media", media: { type: "image", url: "https://cdn.test/{{name}}.png", caption: "For {{name}}" } },
      { type: "image", link: "https://cdn.test/Ana.png", caption: "For Ana" },
    ],
    [
      "buttons with header and footer",
      { ...buttons, header: "Acme", footer: "" },
      { type: "buttons", body: "Hi Ana", header: "Acme", buttons: [{ id: "y", title: "Yes" }, { id: "n", title: "No" }] },
    ],
    [
      "list",
      { kind: "list", text: "Pick", list: { sections: [{ title: "S", rows: [{ id: "r1", title: "Row {{name}}", description: "d" }] }] } },
      { type: "list", body: "Pick", button: "Choose", sections: [{ title: "S", rows: [{ id: "r1", title: "Row Ana", description: "d" }] }] },
    ],
    [
      "template with parameters",
      { kind: "template", template: { name: "order_update", language: "en_US", bodyParams: ["{{name}}", "42"] } },
      { type: "template", name: "order_update", language: "en_US", bodyParams: [{ type: "text", text: "Ana" }, { type: "text", text: "42" }] },
    ],
  ];
  it.each(cases)("%s", (_name, settings, content) => {
    const result = executeReply(execContext(settings, { variables: vars }));
    expect(result.effects).toEqual([{ type: "send", blockId: "block", content }]);
  });

  it.each([
    ["text moves on", { text: "x" }, { next: "next" }],
    ["buttons wait", buttons, { wait: { kind: "reply_choice" } }],
    ["a list waits with a no-reply timer", { kind: "list", text: "x", noReplyAfterMinutes: 5 } as ReplySettings, { wait: { kind: "reply_choice", noReplyAfterMinutes: 5 } }],
  ])("%s", (_name, settings, expected) => {
    expect(executeReply(execContext(settings as ReplySettings))).toMatchObject(expected);
  });
});

describe("executeReply: the answer", () => {
  const answer = (message: InboundMessageInput, settings: ReplySettings = buttons, connected = true) =>
    executeReply(
      execContext(settings, {
        variables: vars,
        isConnected: () => connected,
        resume: { kind: "message", message, waiting: waitingFor("reply_choice") },
      }),
    );
  it.each([
    ["tapped id", { type: "interactive", interactiveId: "n", interactiveTitle: "No" }, "n"],
    ["typed title", { type: "text", text: "yes!" }, "y"],
    ["free text", { type: "text", text: "perhaps" }, "no_match"],
    ["a sticker", { type: "sticker" }, "no_match"],
  ] as [string, InboundMessageInput, string][])("%s → %s", (_name, message, next) => {
    expect(answer(message).next).toBe(next);
  });

  it("re-sends the options when `no match` is not connected", () => {
    const result = answer({ type: "text", text: "?" }, buttons, false);
    expect(result.next).toBeUndefined();
    expect(result.wait).toMatchObject({ kind: "reply_choice" });
    expect(result.effects?.[0]).toMatchObject({ type: "send", content: { type: "buttons" } });
  });

  it("saves the chosen title", () => {
    expect(answer({ type: "interactive", interactiveId: "y" }, { ...buttons, saveChoiceAs: "choice" }).set).toEqual({ choice: "Yes" });
  });

  it("takes `timeout` when the no-reply timer fires", () => {
    const ctx = execContext(buttons, { resume: { kind: "timer", timer: "no_reply", waiting: waitingFor("reply_choice") } });
    expect(executeReply(ctx)).toEqual({ next: "timeout" });
  });
});

describe("replyBlock.outputs", () => {
  it.each([
    ["text", { text: "x" }, ["next"]],
    ["buttons", buttons, ["y", "n", "no_match"]],
    ["buttons with a timeout", { ...buttons, noReplyAfterMinutes: 3 }, ["y", "n", "no_match", "timeout"]],
    ["list", { kind: "list", list: { sections: [{ rows: [{ id: "a", title: "A" }] }, { rows: [{ id: "b", title: "B" }] }] } }, ["a", "b", "no_match"]],
  ] as [string, ReplySettings, string[]][])("%s", (_name, settings, ids) => {
    expect(replyBlock.outputs(settings).map((o) => o.id)).toEqual(ids);
  });
});
