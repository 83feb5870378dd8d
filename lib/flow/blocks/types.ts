import type { z } from "zod";
import type { ResolvedLimits } from "../limits";
import type { RenderOptions } from "../template";
import type {
  ContactInput,
  Effect,
  HttpResultEvent,
  InboundMessageInput,
  TimerKind,
  WaitingFor,
} from "../types";

export type BlockCategory = "trigger" | "message" | "logic" | "integration" | "action";

export type BlockOutput = { id: string; label: string; required?: boolean };

/** A problem with one block's settings; the validator attaches the block id. */
export type SettingsIssue = { code: string; message: string; severity?: "error" | "warning" };

/** Everything the browser needs to know about a block type. Never references executors. */
export type BlockDefinition<S> = {
  label: string;
  description: string;
  /** A lucide-react icon name, resolved by the editor. */
  icon: string;
  category: BlockCategory;
  settings: z.ZodType<S>;
  defaults: Readonly<Record<string, unknown>>;
  outputs(settings: S): BlockOutput[];
  /** Publish-time rules the zod shape does not express (WhatsApp limits, regexes, names). */
  check(settings: S): SettingsIssue[];
};

export function defineBlock<S>(definition: BlockDefinition<S>): BlockDefinition<S> {
  return definition;
}

/** The event that arrives while a block waits. */
export type Resume =
  | { kind: "message"; message: InboundMessageInput; waiting: WaitingFor }
  | { kind: "http_result"; result: HttpResultEvent; waiting: WaitingFor }
  | { kind: "timer"; timer: TimerKind; waiting: WaitingFor };

export type ExecuteContext<S> = {
  blockId: string;
  settings: S;
  /** Reads flow variables, `contact.*`, `message.*`, `api.*` and `flow.*` by dotted path. */
  get(path: string): unknown;
  render(template: string, options?: RenderOptions): string;
  /** The message of this turn (or the last one, after an API call or a timer). */
  message?: InboundMessageInput;
  contact: ContactInput;
  now: Date;
  /** Unique per step; used as the http request id so late results can be recognised. */
  requestId: string;
  limits: ResolvedLimits;
  isConnected(output: string): boolean;
  /** Present when the block was waiting and this event resumes it. */
  resume?: Resume;
};

export type WaitRequest = {
  kind: WaitingFor["kind"];
  requestId?: string;
  attempts?: number;
  /** Schedules a `no_reply` timer; when it fires the block is resumed with it. */
  noReplyAfterMinutes?: number;
};

export type StopRequest = { kind: "end" } | { kind: "handoff"; note?: string } | { kind: "goto_flow"; flowId: string };

/** The last API call's outcome, readable as `api.*` for the rest of the turn (not persisted). */
export type ApiContext = { ok: boolean; status?: number; response?: unknown; error?: string; durationMs?: number };

export type ExecuteResult = {
  effects?: Effect[];
  /** Variables to write; `contact.<key>` becomes a contact attribute. */
  set?: Record<string, unknown>;
  /** The output to follow. No edge on it ends the flow. */
  next?: string;
  wait?: WaitRequest;
  stop?: StopRequest;
  api?: ApiContext;
  /** A visible flow error: the turn stops here and the session ends. */
  error?: string;
};

/** Server-side block behaviour: pure, synchronous, effects returned rather than performed. */
export type Executor<S> = (ctx: ExecuteContext<S>) => ExecuteResult;
