import type { OutboundContent } from "@/lib/channels/content";

/**
 * The engine's contract with the runtime. Everything here is plain data: the session is
 * stored as jsonb, effects are performed in order by the runtime, step records go to the
 * step log. Dates in SessionState are ISO strings because it round-trips through JSON.
 */

/** An inbound message as the engine needs it (the runtime maps its normalized InboundMessage). */
export type InboundMessageInput = {
  /** Provider-neutral message type: text, image, interactive, button, location, … */
  type: string;
  text?: string;
  /** Button / list row id, or a template quick-reply payload. */
  interactiveId?: string;
  interactiveTitle?: string;
  referral?: { sourceId?: string; sourceType?: string; sourceUrl?: string; ctwaClid?: string; headline?: string; body?: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
};

export type TimerKind = "no_reply" | "inactivity";

export type HttpResultEvent = {
  type: "http_result";
  requestId: string;
  /** true when the runtime got a 2xx response it could read within the limits. */
  ok: boolean;
  status?: number;
  /** Parsed JSON body (or the text when it was not JSON). */
  body?: unknown;
  error?: string;
  durationMs: number;
};

export type EngineEvent =
  | { type: "message"; message: InboundMessageInput }
  | HttpResultEvent
  | { type: "timer"; timerId: string; kind: TimerKind }
  /** Entry from a Go to flow effect: the runtime forwards the effect's fields. */
  | { type: "start"; blockId?: string; variables?: Record<string, unknown>; stepCount?: number; message?: InboundMessageInput };

export type ContactInput = {
  name?: string;
  phone: string;
  attributes: Record<string, unknown>;
  isFirstContact: boolean;
};

export type WaitingFor = {
  kind: "reply_choice" | "ask" | "http";
  blockId: string;
  requestId?: string;
  /** Invalid answers so far (Ask). */
  attempts?: number;
  /** The pending `no reply after` timer; a timer event with another id is stale. */
  timerId?: string;
};

export type SessionState = {
  flowId: string;
  version: number;
  currentBlockId: string;
  waitingFor?: WaitingFor;
  variables: Record<string, unknown>;
  /** The last inbound message, so `message.*` still resolves after an API call or a timer. */
  message?: InboundMessageInput;
  inactivityTimerId?: string;
  startedAt: string;
  lastActivityAt: string;
  /** Turns processed (one per step() call that changed the session); feeds unique ids. */
  turn: number;
  /** Blocks executed over the whole session. */
  stepCount?: number;
};

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type HttpRequest = {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxResponseBytes: number;
};

export type EndReason = "end_block" | "completed" | "inactivity";

export type Effect =
  | { type: "send"; blockId: string; content: OutboundContent }
  | { type: "http"; blockId: string; requestId: string; request: HttpRequest }
  | { type: "schedule_timer"; timerId: string; kind: TimerKind; dueAt: Date; blockId: string }
  /** Drop every pending timer of this conversation (they belong to the previous wait). */
  | { type: "cancel_timers" }
  | { type: "set_contact_attribute"; key: string; value: unknown }
  | { type: "handoff"; blockId: string; note?: string }
  | {
      type: "goto_flow";
      blockId: string;
      flowId: string;
      /** Forward these into the target flow's `start` event. */
      variables: Record<string, unknown>;
      stepCount: number;
      message?: InboundMessageInput;
    }
  | { type: "end"; reason: EndReason }
  | { type: "flow_error"; blockId?: string; message: string };

export type StepRecordInput =
  | { kind: "message"; messageType: string; text?: string; buttonId?: string }
  | { kind: "http_result"; ok: boolean; status?: number; error?: string; durationMs: number }
  | { kind: "timer"; timer: TimerKind }
  | { kind: "start" };

export type StepRecord = {
  blockId: string;
  blockType: string;
  at: Date;
  /** The event that resumed or entered this block; absent for blocks reached by an edge. */
  input?: StepRecordInput;
  /** The output taken, when the block moved on. */
  output?: string;
  /** Variables written by the step (`contact.x` for contact attributes). */
  variablesChanged?: Record<string, unknown>;
  /** Set when the block waits instead of moving on. */
  waiting?: WaitingFor["kind"];
  error?: string;
};

export type TurnStatus = "waiting" | "ended" | "error" | "handoff" | "awaiting_http" | "goto_flow";

export type EngineLimits = {
  /** Default 50; a flow's own setting wins. */
  maxStepsPerMessage?: number;
  /** Default 1440 (24 h); a flow's own setting wins. */
  inactivityTimeoutMinutes?: number;
  /** Ceiling for API-call timeouts, default 60 000. */
  maxHttpTimeoutMs?: number;
  /** Response size cap passed to the http port, default 1 MiB. */
  maxResponseBytes?: number;
};

export type StepResult = {
  /** null when the session is over (ended, error, handoff, goto_flow). */
  session: SessionState | null;
  effects: Effect[];
  steps: StepRecord[];
  status: TurnStatus;
};
