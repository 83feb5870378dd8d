import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoFlowDocument } from "./demo";
import { step } from "./engine";
import { contactOf, T0 } from "./test-utils";
import type { InboundMessageInput, SessionState } from "./types";
import { validateFlow } from "./validate";

describe("robustness", () => {
  it("validateFlow never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ version: fc.constant(1), blocks: fc.array(fc.jsonValue()), edges: fc.array(fc.jsonValue()) })), (input) => {
        expect(Array.isArray(validateFlow(input))).toBe(true);
      }),
    );
  });

  it("the engine always answers a random conversation without throwing or looping", () => {
    const doc = demoFlowDocument();
    const message: fc.Arbitrary<InboundMessageInput> = fc.oneof(
      fc.constantFrom("hi", "1", "2", "a@b.co", "x").map((text) => ({ type: "text", text })),
      fc.string().map((text) => ({ type: "text", text })),
      fc.record({ type: fc.constant("interactive"), interactiveId: fc.string() }),
      fc.constant({ type: "image" }),
    );
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), (messages) => {
        let session: SessionState | null = null;
        for (const m of messages) {
          const result = step({ doc, flowId: "flow-1", version: 1, session, event: { type: "message", message: m }, now: T0, contact: contactOf() });
          expect(result.steps.length).toBeLessThanOrEqual(51);
          expect(["waiting", "ended", "handoff"]).toContain(result.status);
          session = result.session;
        }
      }),
    );
  });
});
