import { z } from "zod";
import { blockRegistry, type BlockType, type SettingsOf } from "./blocks/registry";
import { migrateToCurrent } from "./migrations";
import { CURRENT_VERSION } from "./version";

/**
 * The flow document: our own versioned JSON, stored for drafts and published versions
 * and used for export / import. Settings are sparse — only what the operator set; each
 * block reads `settings.x ?? defaults.x`. Unknown keys (React Flow's `selected`,
 * `measured`, `dragging`, …) are stripped on parse, so they never get persisted.
 */
export { CURRENT_VERSION };

export type Position = { x: number; y: number };

export type BlockOf<T extends BlockType> = {
  id: string;
  type: T;
  position: Position;
  label?: string;
  settings: SettingsOf<T>;
};

export type Block = { [T in BlockType]: BlockOf<T> }[BlockType];

export type Edge = { id: string; source: string; sourceOutput: string; target: string };

export type FlowVariable = { name: string; default?: string | number | boolean | null };

export type FlowSettings = {
  /** Minutes without a customer message before the session ends (default 24 h). */
  inactivityTimeoutMinutes?: number;
  /** Loop guard: blocks executed per incoming message (default 50). */
  maxStepsPerMessage?: number;
};

export type FlowDocument = {
  version: typeof CURRENT_VERSION;
  blocks: Block[];
  edges: Edge[];
  variables?: FlowVariable[];
  settings?: FlowSettings;
};

const id = z.string().min(1).max(100);
export const positionSchema = z.object({ x: z.number(), y: z.number() });

export const blockSchemas = Object.entries(blockRegistry).map(([type, definition]) =>
  z.object({
    id,
    type: z.literal(type),
    position: positionSchema,
    label: z.string().max(100).optional(),
    settings: definition.settings as z.ZodType,
  }),
);

export const blockSchema = z.discriminatedUnion(
  "type",
  blockSchemas as unknown as [(typeof blockSchemas)[number], ...(typeof blockSchemas)[number][]],
) as unknown as z.ZodType<Block>;

export const edgeSchema: z.ZodType<Edge> = z.object({ id, source: id, sourceOutput: z.string().min(1), target: id });

export const flowVariableSchema: z.ZodType<FlowVariable> = z.object({
  name: z.string(),
  default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});

export const flowSettingsSchema: z.ZodType<FlowSettings> = z.object({
  inactivityTimeoutMinutes: z.number().int().min(1).max(30 * 24 * 60).optional(),
  maxStepsPerMessage: z.number().int().min(1).max(1000).optional(),
});

export const flowDocumentSchema: z.ZodType<FlowDocument> = z.object({
  version: z.literal(CURRENT_VERSION),
  blocks: z.array(blockSchema),
  edges: z.array(edgeSchema),
  variables: z.array(flowVariableSchema).optional(),
  settings: flowSettingsSchema.optional(),
});

export class FlowDocumentError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`Invalid flow document:\n${z.prettifyError(new z.ZodError(issues))}`);
    this.name = "FlowDocumentError";
  }
}

export type ParseResult = { success: true; data: FlowDocument } | { success: false; issues: z.core.$ZodIssue[] };

/** Migrates older versions, then validates the shape. Publish rules live in validateFlow. */
export function safeParseFlowDocument(input: unknown): ParseResult {
  const migrated = migrateToCurrent(input);
  if (!migrated.ok) return { success: false, issues: [migrated.issue] };
  const parsed = flowDocumentSchema.safeParse(migrated.value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}

/** Returns the current-version document or throws FlowDocumentError carrying the zod issues. */
export function parseFlowDocument(input: unknown): FlowDocument {
  const result = safeParseFlowDocument(input);
  if (!result.success) throw new FlowDocumentError(result.issues);
  return result.data;
}

/** The export format: stable, pretty JSON. */
export function serializeFlowDocument(doc: FlowDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
