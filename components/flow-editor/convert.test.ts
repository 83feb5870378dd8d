import { describe, expect, it } from "vitest";

import { demoFlowDocument, parseFlowDocument } from "@/lib/flow";
import orderStatus from "@/examples/flows/order-status.json";

import { blockUi } from "./block-ui";
import { fromReactFlow } from "./from-react-flow";
import { autoLayout } from "./layout";
import { toReactFlow } from "./to-react-flow";
import type { BlockNode } from "./types";

describe("editor boundary", () => {
  it.each([
    ["demo", demoFlowDocument()],
    ["order status", parseFlowDocument(orderStatus)],
  ])("%s: document → React Flow → document is lossless", (_name, doc) => {
    const { nodes, edges } = toReactFlow(doc);
    expect(fromReactFlow(nodes, edges, { variables: doc.variables, settings: doc.settings })).toEqual(doc);
  });

  it("never persists React Flow's own state (selected, measured, dragging)", () => {
    const { nodes, edges } = toReactFlow(demoFlowDocument());
    const touched = nodes.map((n) => ({ ...n, selected: true, dragging: true, measured: { width: 264, height: 120 }, position: { x: n.position.x + 0.4, y: n.position.y } }) as BlockNode);
    const doc = fromReactFlow(touched, edges.map((e) => ({ ...e, selected: true })));
    expect(JSON.stringify(doc)).not.toMatch(/selected|measured|dragging/);
    expect(doc.blocks[0]?.position.x).toBe(Math.round(demoFlowDocument().blocks[0]!.position.x));
    expect(parseFlowDocument(doc)).toEqual(doc);
  });

  it("every block's starting settings parse, so a dropped block is a valid draft", () => {
    for (const [type, ui] of Object.entries(blockUi)) {
      const doc = { version: 1, blocks: [{ id: "b", type, position: { x: 0, y: 0 }, settings: ui.initial }], edges: [] };
      expect(() => parseFlowDocument(doc), type).not.toThrow();
    }
  });

  it("auto-layout places every block, left to right along the connections", () => {
    const { nodes, edges } = toReactFlow(demoFlowDocument());
    const positions = autoLayout(nodes, edges);
    expect(positions.size).toBe(nodes.length);
    expect(positions.get("trigger")!.x).toBeLessThan(positions.get("menu")!.x);
    expect(positions.get("menu")!.x).toBeLessThan(positions.get("route")!.x);
  });
});
