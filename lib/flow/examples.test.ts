import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoFlowDocument } from "./demo";
import { parseFlowDocument, serializeFlowDocument } from "./document";
import { validateFlow } from "./validate";

const dir = path.resolve(__dirname, "../../examples/flows");
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe("examples/flows", () => {
  it("ships the three examples", () => {
    expect(files.sort()).toEqual(["demo.json", "lead-capture.json", "order-status.json"]);
  });

  it.each(files)("%s parses, validates with zero problems and round-trips", (file) => {
    const raw: unknown = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    expect(validateFlow(raw)).toEqual([]);
    const doc = parseFlowDocument(raw);
    expect(parseFlowDocument(JSON.parse(serializeFlowDocument(doc)))).toEqual(doc);
  });

  it("demoFlowDocument() returns a fresh parsed copy each time", () => {
    const a = demoFlowDocument();
    const b = demoFlowDocument();
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.blocks.map((blk) => blk.id)).toContain("menu");
  });
});
