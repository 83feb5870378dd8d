import { z } from "zod";
import { blockDefinition, isBlockType } from "./blocks/registry";
import { blockSchema, edgeSchema, flowSettingsSchema, flowVariableSchema, type Block, type Edge } from "./document";
import { migrateToCurrent } from "./migrations";
import { variableTargetProblem } from "./variables";
import { graphProblems } from "./validate-graph";
import { describeIssue } from "./zod-issues";

export type Problem = {
  blockId?: string;
  edgeId?: string;
  severity: "error" | "warning";
  code: string;
  /** Written for operators, shown on the canvas next to the block. */
  message: string;
};

export type ValidateContext = {
  /** The workspace's flows, to check Go to flow targets. Omit to skip that check. */
  knownFlowIds?: string[];
};

const envelope = z.object({
  blocks: z.array(z.unknown()),
  edges: z.array(z.unknown()),
  variables: z.unknown().optional(),
  settings: z.unknown().optional(),
});

/**
 * Publish-time validation. Accepts anything (a draft straight from the editor or an
 * import) and reports every problem it can, each tied to a block or edge where
 * possible, instead of stopping at the first. Errors block publishing; warnings don't.
 */
export function validateFlow(input: unknown, ctx: ValidateContext = {}): Problem[] {
  const migrated = migrateToCurrent(input);
  if (!migrated.ok) return [{ severity: "error", code: "invalid_document", message: migrated.issue.message }];
  const doc = envelope.safeParse(migrated.value);
  if (!doc.success) return doc.error.issues.map((i) => ({ severity: "error", code: "invalid_document", message: describeIssue(i) }));

  const problems: Problem[] = [];
  const allBlockIds = new Set<string>();
  const blocks: Block[] = [];
  for (const raw of doc.data.blocks) {
    const id = rawId(raw);
    if (id !== undefined) {
      if (allBlockIds.has(id)) problems.push({ blockId: id, severity: "error", code: "duplicate_block_id", message: `Two blocks share the id “${id}”.` });
      allBlockIds.add(id);
    }
    const block = parseBlock(raw, id, problems);
    if (block) blocks.push(block);
  }

  const edges: Edge[] = [];
  const edgeIds = new Set<string>();
  for (const raw of doc.data.edges) {
    const parsed = edgeSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ edgeId: rawId(raw), severity: "error", code: "invalid_edge", message: `A connection is broken: ${describeIssue(parsed.error.issues[0]!)}` });
      continue;
    }
    if (edgeIds.has(parsed.data.id)) problems.push({ edgeId: parsed.data.id, severity: "error", code: "duplicate_edge_id", message: "Two connections share the same id." });
    edgeIds.add(parsed.data.id);
    edges.push(parsed.data);
  }

  problems.push(...documentLevelProblems(doc.data.variables, doc.data.settings));
  problems.push(...graphProblems(blocks, edges, allBlockIds));
  problems.push(...goToFlowProblems(blocks, ctx));
  return problems;
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

function parseBlock(raw: unknown, id: string | undefined, problems: Problem[]): Block | null {
  const type = raw && typeof raw === "object" ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !isBlockType(type)) {
    const message = typeof type === "string" ? `“${type}” is not a block this version of Tickflow knows.` : "This block has no type.";
    problems.push({ blockId: id, severity: "error", code: "unknown_block_type", message });
    return null;
  }
  const parsed = blockSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path[0] === "settings" ? issue.path.slice(1) : issue.path;
      problems.push({ blockId: id, severity: "error", code: "invalid_settings", message: describeIssue({ ...issue, path }) });
    }
    return null;
  }
  const block = parsed.data;
  for (const issue of blockDefinition(block.type).check(block.settings)) {
    problems.push({ blockId: block.id, severity: issue.severity ?? "error", code: issue.code, message: issue.message });
  }
  return block;
}

function documentLevelProblems(variables: unknown, settings: unknown): Problem[] {
  const problems: Problem[] = [];
  const vars = z.array(flowVariableSchema).optional().safeParse(variables);
  if (!vars.success) vars.error.issues.forEach((i) => problems.push({ severity: "error", code: "invalid_variables", message: describeIssue(i) }));
  const seen = new Set<string>();
  for (const v of vars.data ?? []) {
    const problem = v.name.startsWith("contact.") ? `Declare “${v.name}” without “contact.”; contact fields need no declaration.` : variableTargetProblem(v.name);
    if (problem) problems.push({ severity: "error", code: "invalid_variable_name", message: problem });
    if (seen.has(v.name)) problems.push({ severity: "error", code: "duplicate_variable", message: `The variable “${v.name}” is declared twice.` });
    seen.add(v.name);
  }
  const parsed = flowSettingsSchema.optional().safeParse(settings);
  if (!parsed.success) parsed.error.issues.forEach((i) => problems.push({ severity: "error", code: "invalid_flow_settings", message: describeIssue(i) }));
  return problems;
}

function goToFlowProblems(blocks: Block[], ctx: ValidateContext): Problem[] {
  if (!ctx.knownFlowIds) return [];
  const known = new Set(ctx.knownFlowIds);
  return blocks.flatMap((b) =>
    b.type === "go_to_flow" && b.settings.flowId && !known.has(b.settings.flowId)
      ? [{ blockId: b.id, severity: "error" as const, code: "unknown_flow", message: "The flow this block goes to no longer exists. Choose another one." }]
      : [],
  );
}

function rawId(raw: unknown): string | undefined {
  const id = raw && typeof raw === "object" ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id : undefined;
}
