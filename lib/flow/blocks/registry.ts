import { apiCallBlock } from "./api-call/meta";
import { askBlock } from "./ask/meta";
import { conditionBlock } from "./condition/meta";
import { endBlock } from "./end/meta";
import { goToFlowBlock } from "./go-to-flow/meta";
import { handoffBlock } from "./handoff/meta";
import { replyBlock } from "./reply/meta";
import { setVariableBlock } from "./set-variable/meta";
import { triggerBlock } from "./trigger/meta";
import type { BlockDefinition } from "./types";

/**
 * Browser-safe block catalogue: settings schemas, defaults, labels, outputs, checks.
 * Never import executors here — the editor bundles this file. The keys are the `type`
 * values stored in flow documents.
 */
export const blockRegistry = {
  trigger: triggerBlock,
  condition: conditionBlock,
  api_call: apiCallBlock,
  reply: replyBlock,
  ask: askBlock,
  set_variable: setVariableBlock,
  handoff: handoffBlock,
  go_to_flow: goToFlowBlock,
  end: endBlock,
};

export type BlockType = keyof typeof blockRegistry;

export type SettingsOf<T extends BlockType> = (typeof blockRegistry)[T] extends BlockDefinition<infer S> ? S : never;

export const BLOCK_TYPES = Object.keys(blockRegistry) as BlockType[];

export function isBlockType(type: string): type is BlockType {
  return Object.hasOwn(blockRegistry, type);
}

export function blockDefinition<T extends BlockType>(type: T): BlockDefinition<SettingsOf<T>> {
  return blockRegistry[type] as unknown as BlockDefinition<SettingsOf<T>>;
}
