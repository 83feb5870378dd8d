/**
 * Browser-safe entry point: document format, validation, block catalogue, templates.
 * Server code imports the engine from "@/lib/flow/engine" (it pulls in the executors).
 */
export {
  CURRENT_VERSION,
  FlowDocumentError,
  flowDocumentSchema,
  parseFlowDocument,
  safeParseFlowDocument,
  serializeFlowDocument,
  type Block,
  type BlockOf,
  type Edge,
  type FlowDocument,
  type FlowSettings,
  type FlowVariable,
} from "./document";
export { validateFlow, hasErrors, type Problem, type ValidateContext } from "./validate";
export { flowJsonSchema } from "./json-schema";
export { blockRegistry, blockDefinition, BLOCK_TYPES, isBlockType, type BlockType, type SettingsOf } from "./blocks/registry";
export type { BlockDefinition, BlockOutput } from "./blocks/types";
export { demoFlowDocument } from "./demo";
export { renderTemplate, templatePaths } from "./template";
export { normalizeText } from "./text";
export type * from "./types";
