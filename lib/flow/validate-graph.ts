import { blockDefinition } from "./blocks/registry";
import type { Block, Edge } from "./document";
import type { Problem } from "./validate";

/**
 * Graph rules: one trigger, edges that point at real blocks and outputs, each output
 * used once, required outputs connected, every block reachable. Cycles are fine — the
 * engine's step budget handles runaway loops.
 */
export function graphProblems(blocks: Block[], edges: Edge[], allBlockIds: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const name = (b: Block) => `${blockDefinition(b.type).label} “${b.label || b.id}”`;

  const triggers = blocks.filter((b) => b.type === "trigger");
  if (triggers.length === 0) problems.push({ severity: "error", code: "no_trigger", message: "Add a Trigger block: it decides which messages start this flow." });
  for (const extra of triggers.slice(1)) {
    problems.push({ blockId: extra.id, severity: "error", code: "multiple_triggers", message: "A flow has exactly one Trigger. Remove this one, or make a separate flow for it." });
  }

  const used = new Map<string, Edge>();
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const fail = (code: string, message: string) => problems.push({ edgeId: edge.id, blockId: source?.id, severity: "error", code, message });
    if (!allBlockIds.has(edge.source)) { fail("edge_source_missing", "This connection starts at a block that does not exist."); continue; }
    if (!allBlockIds.has(edge.target)) { fail("edge_target_missing", "This connection leads to a block that does not exist."); continue; }
    if (byId.get(edge.target)?.type === "trigger") { fail("edge_into_trigger", "Nothing can connect into a Trigger; it only starts the flow."); continue; }
    const link = () => next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
    if (!source) { link(); continue; } // its settings are invalid and already reported
    if (!blockDefinition(source.type).outputs(source.settings).some((o) => o.id === edge.sourceOutput)) {
      fail("edge_unknown_output", `${name(source)} has no output “${edge.sourceOutput}” any more. Reconnect it.`);
      continue;
    }
    const key = `${edge.source}\u0000${edge.sourceOutput}`;
    if (used.has(key)) { fail("output_connected_twice", `An output of ${name(source)} is connected twice; one output can lead to one block only.`); continue; }
    used.set(key, edge);
    link();
  }

  const reachable = new Set<string>();
  const queue = triggers.slice(0, 1).map((t) => t.id);
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reachable.has(id)) continue;
    reachable.add(id);
    queue.push(...(next.get(id) ?? []));
  }

  for (const block of blocks) {
    if (triggers.length && !reachable.has(block.id) && block.type !== "trigger") {
      problems.push({ blockId: block.id, severity: "warning", code: "unreachable_block", message: "No path from the Trigger reaches this block, so it never runs." });
      continue;
    }
    for (const output of blockDefinition(block.type).outputs(block.settings)) {
      if (output.required && !used.has(`${block.id}\u0000${output.id}`)) {
        problems.push({ blockId: block.id, severity: "error", code: "dangling_output", message: `The “${output.label}” output is not connected. Connect it to the next block.` });
      }
    }
  }
  return problems;
}
