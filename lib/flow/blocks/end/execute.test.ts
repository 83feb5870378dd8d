import { describe, expect, it } from "vitest";
import { execContext, waitingFor } from "../../test-utils";
import { executeEnd } from "./execute";

describe("executeEnd", () => {
  it.each([
    ["entered", execContext({})],
    ["even if resumed", execContext({}, { resume: { kind: "timer", timer: "no_reply", waiting: waitingFor("reply_choice") } })],
  ])("stops the session when %s", (_name, ctx) => {
    expect(executeEnd(ctx)).toEqual({ stop: { kind: "end" } });
  });
});
