import type { ApiContext } from "./blocks/types";
import type { FlowDocument } from "./document";
import { flowGraph, type FlowGraph } from "./graph";
import { resolveLimits, type ResolvedLimits } from "./limits";
import type { ScopeSource } from "./scope";
import type { ContactInput, Effect, EngineEvent, EngineLimits, InboundMessageInput, SessionState, StepRecord } from "./types";

export type EngineInput = {
  doc: FlowDocument;
  flowId: string;
  version: number;
  session: SessionState | null;
  event: EngineEvent;
  now: Date;
  contact: ContactInput;
  limits?: EngineLimits;
};

/** Mutable working state of one step() call; nothing outside the call sees it. */
export type Turn = ScopeSource & {
  doc: FlowDocument;
  graph: FlowGraph;
  now: Date;
  limits: ResolvedLimits;
  startedAt: string;
  turn: number;
  priorSessionSteps: number;
  /** Blocks executed for this message, including any carried over from a Go to flow. */
  budgetUsed: number;
  executed: number;
  effects: Effect[];
  steps: StepRecord[];
  api?: ApiContext;
};

export function openTurn(
  input: EngineInput,
  session: SessionState | null,
  seed: { variables?: Record<string, unknown>; stepCount?: number; message?: InboundMessageInput } = {},
): Turn {
  const { doc, now } = input;
  const defaults = Object.fromEntries((doc.variables ?? []).map((v) => [v.name, v.default ?? null]));
  const hadTimers = Boolean(session?.inactivityTimerId || session?.waitingFor?.timerId);
  return {
    doc,
    graph: flowGraph(doc),
    flowId: input.flowId,
    version: input.version,
    now,
    limits: resolveLimits(doc.settings, input.limits),
    variables: session ? { ...session.variables } : { ...defaults, ...seed.variables },
    contact: { ...input.contact, attributes: { ...input.contact.attributes } },
    message: seed.message ?? session?.message,
    startedAt: session?.startedAt ?? now.toISOString(),
    turn: (session?.turn ?? 0) + 1,
    priorSessionSteps: session?.stepCount ?? 0,
    budgetUsed: seed.stepCount ?? 0,
    executed: 0,
    effects: hadTimers ? [{ type: "cancel_timers" }] : [],
    steps: [],
  };
}

/** Ids are derived from the session start and turn number so the engine stays deterministic. */
export function turnKey(turn: Turn): string {
  return `${Date.parse(turn.startedAt).toString(36)}-${turn.turn}`;
}
