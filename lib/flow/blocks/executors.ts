import type { Block } from "../document";
import { executeApiCall } from "./api-call/execute";
import { executeAsk } from "./ask/execute";
import { executeCondition } from "./condition/execute";
import { executeEnd } from "./end/execute";
import { executeGoToFlow } from "./go-to-flow/execute";
import { executeHandoff } from "./handoff/execute";
import type { BlockType, SettingsOf } from "./registry";
import { executeReply } from "./reply/execute";
import { executeSetVariable } from "./set-variable/execute";
import { executeTrigger } from "./trigger/execute";
import type { Executor } from "./types";

/** Server-side executors; a block type without one fails to compile. */
export const executors: { [T in BlockType]: Executor<SettingsOf<T>> } = {
  trigger: executeTrigger,
  condition: executeCondition,
  api_call: executeApiCall,
  reply: executeReply,
  ask: executeAsk,
  set_variable: executeSetVariable,
  handoff: executeHandoff,
  go_to_flow: executeGoToFlow,
  end: executeEnd,
};

export function executorFor<B extends Block>(block: B): Executor<B["settings"]> {
  // TypeScript cannot correlate the union member with its map entry; the registry keys guarantee it.
  return executors[block.type] as unknown as Executor<B["settings"]>;
}
