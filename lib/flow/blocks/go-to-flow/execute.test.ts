import { describe, expect, it } from "vitest";
import { execContext } from "../../test-utils";
import { executeGoToFlow } from "./execute";
import type { GoToFlowSettings } from "./schema";

describe("executeGoToFlow", () => {
  it.each([
    ["a flow id", { flowId: "flow_b" }, { stop: { kind: "goto_flow", flowId: "flow_b" } }],
    ["no flow id", {}, { error: expect.stringMatching(/which flow/) }],
    ["a blank flow id", { flowId: "  " }, { error: expect.stringMatching(/which flow/) }],
  ] as [string, GoToFlowSettings, unknown][])("%s", (_name, settings, expected) => {
    expect(executeGoToFlow(execContext(settings))).toEqual(expected);
  });
});
