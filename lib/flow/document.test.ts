import { describe, expect, it } from "vitest";
import { demoFlowDocument } from "./demo";
import { CURRENT_VERSION, FlowDocumentError, parseFlowDocument, safeParseFlowDocument, serializeFlowDocument } from "./document";
import { flowJsonSchema } from "./json-schema";
import { validateFlow } from "./validate";
import { rawFlow } from "./test-utils";

describe("parseFlowDocument", () => {
  it("round-trips: parse(serialize(doc)) deep-equals doc", () => {
    const doc = demoFlowDocument();
    expect(parseFlowDocument(JSON.parse(serializeFlowDocument(doc)))).toEqual(doc);
  });

  it("keeps settings sparse (no defaults are written)", () => {
    const doc = parseFlowDocument(rawFlow([{ id: "t", type: "trigger", settings: { keywords: ["hi"] } }], []));
    expect(doc.blocks[0]?.settings).toEqual({ keywords: ["hi"] });
  });

  it("drops React Flow editor state and other unknown fields", () => {
    const raw = rawFlow([{ id: "t", type: "trigger", settings: { keywords: ["hi"] } }], []);
    const withUi = {
      ...raw,
      viewport: { x: 1, y: 2, zoom: 1 },
      blocks: raw.blocks.map((b) => ({ ...b, selected: true, dragging: false, measured: { width: 10, height: 5 } })),
    };
    const doc = parseFlowDocument(withUi);
    expect(Object.keys(doc)).toEqual(["version", "blocks", "edges"]);
    expect(Object.keys(doc.blocks[0] ?? {}).sort()).toEqual(["id", "position", "settings", "type"]);
  });

  it("migrates the pre-versioned v0 shape (nodes/data/sourceHandle)", () => {
    const v0 = {
      nodes: [
        { id: "t", type: "trigger", position: { x: 0, y: 0 }, data: { keywords: ["hi"], label: "Start" }, selected: true },
        { id: "m", type: "message", position: { x: 100, y: 0 }, data: { text: "Hello" }, measured: { width: 1, height: 1 } },
        { id: "api", type: "apiCall", position: { x: 200, y: 0 }, data: { url: "https://x.test" } },
      ],
      edges: [
        { id: "e1", source: "t", target: "m", animated: true },
        { id: "e2", source: "m", sourceHandle: "next", target: "api" },
      ],
    };
    const doc = parseFlowDocument(v0);
    expect(doc.version).toBe(CURRENT_VERSION);
    expect(doc.blocks.map((b) => [b.id, b.type, b.label])).toEqual([
      ["t", "trigger", "Start"],
      ["m", "reply", undefined],
      ["api", "api_call", undefined],
    ]);
    expect(doc.edges).toEqual([
      { id: "e1", source: "t", sourceOutput: "next", target: "m" },
      { id: "e2", source: "m", sourceOutput: "next", target: "api" },
    ]);
  });

  it.each([
    ["a newer version", { version: 99, blocks: [], edges: [] }, /newer Tickflow/],
    ["not an object", "hello", /not a Tickflow flow document/],
    ["an unknown block type", rawFlow([{ id: "x", type: "teleport" }], []), /blocks/],
    ["wrong settings types", rawFlow([{ id: "r", type: "reply", settings: { buttons: "yes" } }], []), /buttons/],
  ])("throws FlowDocumentError with zod issues for %s", (_name, input, message) => {
    expect(() => parseFlowDocument(input)).toThrow(FlowDocumentError);
    expect(() => parseFlowDocument(input)).toThrow(message);
    const result = safeParseFlowDocument(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues.length).toBeGreaterThan(0);
  });

  it("accepts drafts that break WhatsApp limits (validateFlow reports them)", () => {
    const raw = rawFlow([{ id: "r", type: "reply", settings: { kind: "buttons", text: "x", buttons: [1, 2, 3, 4].map((n) => ({ id: `b${n}`, title: `B${n}` })) } }], []);
    expect(() => parseFlowDocument(raw)).not.toThrow();
    expect(validateFlow(raw).map((p) => p.code)).toContain("too_many_buttons");
  });
});

describe("flowJsonSchema", () => {
  it("is generated from the zod schemas", () => {
    const schema = flowJsonSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.title).toBe("Tickflow flow document v1");
    const text = JSON.stringify(schema);
    for (const type of ["trigger", "condition", "api_call", "reply", "ask", "set_variable", "handoff", "go_to_flow", "end"]) {
      expect(text).toContain(`"const":"${type}"`);
    }
    expect(schema).toMatchObject({ type: "object", required: expect.arrayContaining(["version", "blocks", "edges"]) });
  });
});
