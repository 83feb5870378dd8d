import { describe, expect, it } from "vitest";
import { execContext } from "../../test-utils";
import { executeHandoff } from "./execute";
import type { HandoffSettings } from "./schema";

describe("executeHandoff", () => {
  it.each([
    ["no note", {}, { kind: "handoff" }],
    ["a rendered note", { note: "VIP {{contact.name}}, order {{order}}" }, { kind: "handoff", note: "VIP Ana, order 7" }],
    ["a note that renders empty", { note: " {{nothing}} " }, { kind: "handoff" }],
  ] as [string, HandoffSettings, unknown][])("%s", (_name, settings, stop) => {
    expect(executeHandoff(execContext(settings, { variables: { order: 7 } }))).toEqual({ stop });
  });
});
