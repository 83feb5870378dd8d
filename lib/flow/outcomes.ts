import type { StopRequest, WaitRequest } from "./blocks/types";
import type { Block } from "./document";
import { turnKey, type Turn } from "./turn";
import type { EndReason, SessionState, StepResult, TurnStatus } from "./types";

/** The ways a turn can finish; each returns the step() result. */

function finish(turn: Turn, session: SessionState | null, status: TurnStatus): StepResult {
  return { session, effects: turn.effects, steps: turn.steps, status };
}

export function endTurn(turn: Turn, reason: EndReason): StepResult {
  turn.effects.push({ type: "end", reason });
  return finish(turn, null, "ended");
}

export function failTurn(turn: Turn, blockId: string | undefined, message: string): StepResult {
  turn.effects.push({ type: "flow_error", ...(blockId ? { blockId } : {}), message });
  return finish(turn, null, "error");
}

export function stopTurn(turn: Turn, block: Block, stop: StopRequest): StepResult {
  if (stop.kind === "end") return endTurn(turn, "end_block");
  if (stop.kind === "handoff") {
    turn.effects.push({ type: "handoff", blockId: block.id, ...(stop.note ? { note: stop.note } : {}) });
    return finish(turn, null, "handoff");
  }
  turn.effects.push({
    type: "goto_flow",
    blockId: block.id,
    flowId: stop.flowId,
    variables: turn.variables,
    stepCount: turn.budgetUsed,
    ...(turn.message ? { message: turn.message } : {}),
  });
  return finish(turn, null, "goto_flow");
}

/**
 * Parks the session on a waiting block. Customer waits get an inactivity timer (and a
 * `no reply` timer when the block asks for one); API waits are bounded by the request
 * timeout instead.
 */
export function waitTurn(turn: Turn, block: Block, wait: WaitRequest): StepResult {
  const key = turnKey(turn);
  const schedule = (kind: "no_reply" | "inactivity", minutes: number) => {
    const timerId = `tmr-${key}-${kind}`;
    turn.effects.push({ type: "schedule_timer", timerId, kind, dueAt: new Date(turn.now.getTime() + minutes * 60_000), blockId: block.id });
    return timerId;
  };
  const noReplyTimerId = wait.kind !== "http" && wait.noReplyAfterMinutes ? schedule("no_reply", wait.noReplyAfterMinutes) : undefined;
  const inactivityTimerId = wait.kind !== "http" ? schedule("inactivity", turn.limits.inactivityTimeoutMinutes) : undefined;
  return finish(turn, sessionAt(turn, block.id, {
    kind: wait.kind,
    blockId: block.id,
    ...(wait.requestId ? { requestId: wait.requestId } : {}),
    ...(wait.attempts !== undefined ? { attempts: wait.attempts } : {}),
    ...(noReplyTimerId ? { timerId: noReplyTimerId } : {}),
  }, inactivityTimerId), wait.kind === "http" ? "awaiting_http" : "waiting");
}

function sessionAt(turn: Turn, blockId: string, waitingFor: SessionState["waitingFor"], inactivityTimerId?: string): SessionState {
  return {
    flowId: turn.flowId,
    version: turn.version,
    currentBlockId: blockId,
    ...(waitingFor ? { waitingFor } : {}),
    variables: turn.variables,
    ...(turn.message ? { message: turn.message } : {}),
    ...(inactivityTimerId ? { inactivityTimerId } : {}),
    startedAt: turn.startedAt,
    lastActivityAt: turn.now.toISOString(),
    turn: turn.turn,
    stepCount: turn.priorSessionSteps + turn.executed,
  };
}

/** For events that change nothing (stale timers, late API results): hand the session back untouched. */
export function unchanged(session: SessionState | null): StepResult {
  const status: TurnStatus = !session ? "ended" : session.waitingFor?.kind === "http" ? "awaiting_http" : "waiting";
  return { session, effects: [], steps: [], status };
}
