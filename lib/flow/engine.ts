import { triggerMatches } from "./blocks/trigger/match";
import type { FlowDocument } from "./document";
import { flowGraph } from "./graph";
import { resolveLimits } from "./limits";
import { endTurn, failTurn, unchanged } from "./outcomes";
import { openTurn, type EngineInput } from "./turn";
import type { ContactInput, EngineEvent, InboundMessageInput, SessionState, StepRecordInput, StepResult } from "./types";
import { walk } from "./walk";

export type { EngineInput } from "./turn";

/**
 * The flow engine: one pure step per event. It never sends, fetches, stores or reads the
 * clock; the runtime performs the returned effects in order and stores the session,
 * effects and step records in one transaction.
 *
 * - message, no session: starts the flow if its trigger matches (call matchTrigger first
 *   to pick among a channel's flows); otherwise returns status "ended" with no steps.
 * - message, waiting session: resumes the waiting block. While an API call is in flight
 *   the message is ignored (the session comes back unchanged). A session idle for longer
 *   than the inactivity timeout is ended first, even if its timer has not fired yet, and
 *   the message may start the flow afresh.
 * - http_result / timer: resume the block that asked for them; stale ids are ignored.
 * - start: entry from Go to flow, with the effect's variables, step count and message.
 */
export function step(input: EngineInput): StepResult {
  const { session, event } = input;
  // A start event begins a new session, so a leftover one from another flow is expected there.
  if (session && event.type !== "start" && (session.flowId !== input.flowId || session.version !== input.version)) {
    return failTurn(openTurn(input, null), undefined, "The conversation's session belongs to another flow version.");
  }
  switch (event.type) {
    case "message":
      if (session && expired(input, session)) return afterExpiry(input, session, event.message);
      return session?.waitingFor ? onMessage(input, session, event.message) : onFirstMessage(input, event.message);
    case "http_result": {
      const waiting = session?.waitingFor;
      if (!session || waiting?.kind !== "http" || waiting.requestId !== event.requestId) return unchanged(session);
      const record: StepRecordInput = { kind: "http_result", ok: event.ok, durationMs: event.durationMs, ...pick(event, "status", "error") };
      return walk(openTurn(input, session), waiting.blockId, { kind: "http_result", result: event, waiting }, record);
    }
    case "timer":
      return onTimer(input, session, event);
    case "start": {
      const turn = openTurn(input, null, { variables: event.variables, stepCount: event.stepCount, message: event.message });
      if (session?.inactivityTimerId || session?.waitingFor?.timerId) turn.effects.push({ type: "cancel_timers" });
      const entry = event.blockId ?? flowGraph(input.doc).trigger?.id;
      if (!entry) return failTurn(turn, undefined, "This flow has no trigger, so it cannot be started.");
      return walk(turn, entry, undefined, { kind: "start" });
    }
  }
}

/** Which trigger of this flow (if any) an inbound message fires. */
export function matchTrigger(
  doc: FlowDocument,
  message: InboundMessageInput,
  contact: Pick<ContactInput, "isFirstContact">,
): { blockId: string } | null {
  const trigger = flowGraph(doc).trigger;
  if (!trigger || trigger.type !== "trigger") return null;
  return triggerMatches(trigger.settings, message, contact) ? { blockId: trigger.id } : null;
}

function onFirstMessage(input: EngineInput, message: InboundMessageInput): StepResult {
  const match = matchTrigger(input.doc, message, input.contact);
  if (!match) return unchanged(null);
  const turn = openTurn(input, null, { message });
  return walk(turn, match.blockId, undefined, messageInput(message));
}

function onMessage(input: EngineInput, session: SessionState, message: InboundMessageInput): StepResult {
  const waiting = session.waitingFor;
  if (!waiting || waiting.kind === "http") return unchanged(session);
  const turn = openTurn(input, session, { message });
  return walk(turn, waiting.blockId, { kind: "message", message, waiting }, messageInput(message));
}

function onTimer(input: EngineInput, session: SessionState | null, event: Extract<EngineEvent, { type: "timer" }>): StepResult {
  if (!session) return unchanged(null);
  const waiting = session.waitingFor;
  if (event.kind === "inactivity" && event.timerId === session.inactivityTimerId) return expire(input, session);
  if (event.kind === "no_reply" && waiting && waiting.timerId === event.timerId) {
    return walk(openTurn(input, session), waiting.blockId, { kind: "timer", timer: "no_reply", waiting }, { kind: "timer", timer: "no_reply" });
  }
  return unchanged(session);
}

function expired(input: EngineInput, session: SessionState): boolean {
  const minutes = resolveLimits(input.doc.settings, input.limits).inactivityTimeoutMinutes;
  return input.now.getTime() - Date.parse(session.lastActivityAt) >= minutes * 60_000;
}

/** Timers can fire late (a process was down); the deadline still holds. */
function afterExpiry(input: EngineInput, session: SessionState, message: InboundMessageInput): StepResult {
  const closing = expire(input, session);
  const fresh = onFirstMessage(input, message);
  return { ...fresh, effects: [...closing.effects, ...fresh.effects], steps: [...closing.steps, ...fresh.steps] };
}

/** Ends an idle session; the step log shows it on the block it was waiting at. */
function expire(input: EngineInput, session: SessionState): StepResult {
  const turn = openTurn(input, session);
  turn.steps.push({
    blockId: session.currentBlockId,
    blockType: turn.graph.blocks.get(session.currentBlockId)?.type ?? "unknown",
    at: input.now,
    input: { kind: "timer", timer: "inactivity" },
  });
  return endTurn(turn, "inactivity");
}

function messageInput(message: InboundMessageInput): StepRecordInput {
  return { kind: "message", messageType: message.type, ...pick({ text: message.text, buttonId: message.interactiveId }, "text", "buttonId") };
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
