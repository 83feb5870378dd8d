import { outboundContentSchema } from "@/lib/channels/content";
import { executorFor } from "./blocks/executors";
import { blockRegistry } from "./blocks/registry";
import type { ExecuteResult, Resume } from "./blocks/types";
import type { Block } from "./document";
import { scopeReader } from "./scope";
import { endTurn, failTurn, stopTurn, waitTurn } from "./outcomes";
import { turnKey, type Turn } from "./turn";
import type { StepRecord, StepRecordInput, StepResult } from "./types";
import { CONTACT_PREFIX, isContactTarget } from "./variables";

/**
 * Runs blocks from `startId` until one waits, stops, fails, or an output leads nowhere.
 * The step budget makes a cycle without a wait end the turn with a flow error.
 */
export function walk(turn: Turn, startId: string, resume?: Resume, input?: StepRecordInput): StepResult {
  let blockId = startId;
  let pending = resume;
  let recordInput = input;
  for (;;) {
    const block = turn.graph.blocks.get(blockId);
    if (!block) return failTurn(turn, blockId, `The flow leads to a block that no longer exists (“${blockId}”). Fix the flow and publish it again.`);
    if (turn.budgetUsed >= turn.limits.maxStepsPerMessage) return loopGuard(turn, block);
    turn.budgetUsed++;
    turn.executed++;

    const result = runBlock(turn, block, pending);
    const record: StepRecord = { blockId: block.id, blockType: block.type, at: turn.now, ...(recordInput ? { input: recordInput } : {}) };
    turn.steps.push(record);
    pending = undefined;
    recordInput = undefined;

    if (result.set && Object.keys(result.set).length) {
      applyVariables(turn, result.set);
      record.variablesChanged = result.set;
    }
    if (result.api) turn.api = result.api;
    const error = result.error ?? unsendable(result);
    if (error) {
      record.error = error;
      return failTurn(turn, block.id, error);
    }
    turn.effects.push(...(result.effects ?? []));
    if (result.stop) return stopTurn(turn, block, result.stop);
    if (result.wait) {
      record.waiting = result.wait.kind;
      return waitTurn(turn, block, result.wait);
    }
    if (!result.next) return endTurn(turn, "completed");
    record.output = result.next;
    const target = turn.graph.next(block.id, result.next);
    if (!target) return endTurn(turn, "completed");
    blockId = target;
  }
}

function runBlock(turn: Turn, block: Block, resume: Resume | undefined): ExecuteResult {
  const reader = scopeReader(turn);
  try {
    return executorFor(block)({
      blockId: block.id,
      settings: block.settings,
      get: reader.get,
      render: reader.render,
      message: turn.message,
      contact: turn.contact,
      now: turn.now,
      requestId: `req-${turnKey(turn)}-${turn.budgetUsed}`,
      limits: turn.limits,
      isConnected: (output) => turn.graph.next(block.id, output) !== undefined,
      ...(resume ? { resume } : {}),
    });
  } catch (error) {
    // Executors are pure, so a throw is a bug; the customer's turn must still end cleanly.
    return { error: `The ${blockRegistry[block.type].label} block failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** `contact.x` writes become contact attributes (kept across sessions) via an effect. */
function applyVariables(turn: Turn, set: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(set)) {
    if (!isContactTarget(name)) {
      turn.variables[name] = value;
      continue;
    }
    const key = name.slice(CONTACT_PREFIX.length);
    turn.contact.attributes[key] = value;
    if (key === "name") turn.contact.name = value === null || value === undefined ? undefined : String(value);
    turn.effects.push({ type: "set_contact_attribute", key, value });
  }
}

/** Refuses messages WhatsApp would reject, so the failure shows in the flow, not at the provider. */
function unsendable(result: ExecuteResult): string | undefined {
  for (const effect of result.effects ?? []) {
    if (effect.type !== "send") continue;
    const parsed = outboundContentSchema.safeParse(effect.content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join(".")})` : "";
      return `This message cannot be sent: ${issue?.message ?? "invalid content"}${where}. Check the block's text and options.`;
    }
  }
  return undefined;
}

function loopGuard(turn: Turn, block: Block): StepResult {
  const message =
    `The flow ran ${turn.limits.maxStepsPerMessage} steps for one message and was stopped. ` +
    "It probably loops without waiting for the customer — add a question or a reply with buttons inside the loop.";
  turn.steps.push({ blockId: block.id, blockType: block.type, at: turn.now, error: message });
  return failTurn(turn, block.id, message);
}
