import { randomUUID } from "node:crypto";
import type { Tx } from "@/db/client";
import type { ContactRow } from "@/db/queries/messages";
import type { SessionRow } from "@/db/queries/sessions";
import type { OutboundContent } from "@/lib/channels/content";
import { step } from "@/lib/flow/engine";
import type { EngineEvent, SessionState, StepRecord } from "@/lib/flow/types";
import { childLog } from "@/lib/log";
import type { OutboundExtras } from "@/lib/messaging/outbound";
import { loadPublished, type LoadedFlow } from "./flow-cache";
import type { TurnWrites } from "./writes";

const log = childLog("flow");

/** What a turn needs from the conversation it runs in (always inside its transaction and lock). */
export interface TurnContext {
  tx: Tx;
  /** The turn's own rows (steps, jobs, session): written at once, or buffered for a batch. */
  writes: TurnWrites;
  channelId: string;
  conversationId: string;
  contact: ContactRow;
  isFirstContact: boolean;
  reply(content: OutboundContent, extras: OutboundExtras): Promise<unknown>;
  requestHuman(note?: string): Promise<void>;
  /** A visible note in the conversation (flow errors), never sent to the customer. */
  note(text: string): Promise<void>;
}

export interface TurnOutcome {
  replies: number;
  /** An API call to perform after commit (the job row is already stored). */
  httpJobs: string[];
  status: string;
}

const MAX_FLOW_HOPS = 10;

/**
 * Runs the engine for one event in one conversation and performs its effects in the
 * caller's transaction: replies queued (sent after commit), timers and API calls stored
 * as durable jobs, contact attributes saved, handoff, Go to flow, the session row and
 * the step log. Session change and outbound messages commit together or not at all.
 */
export async function runTurn(ctx: TurnContext, flow: LoadedFlow, session: SessionRow | null, firstEvent: EngineEvent): Promise<TurnOutcome> {
  const outcome: TurnOutcome = { replies: 0, httpJobs: [], status: "ended" };
  let current = flow;
  let row = session;
  let state = (session?.state as SessionState | undefined) ?? null;
  let event = firstEvent;
  for (let hop = 0; hop < MAX_FLOW_HOPS; hop++) {
    const result = step({
      doc: current.doc,
      flowId: current.flowId,
      version: current.version,
      session: state,
      event,
      now: new Date(),
      contact: { name: ctx.contact.name ?? undefined, phone: ctx.contact.waId, attributes: ctx.contact.attributes, isFirstContact: ctx.isFirstContact },
    });
    outcome.status = result.status;
    if (!row && result.steps.length === 0 && !result.session) return outcome; // nothing ran
    // A new session's id is chosen here so replies and steps can name it; the row is
    // written once, with its final state, after the effects.
    const sessionId = row?.id ?? randomUUID();
    await ctx.writes.steps(stepRows(result.steps, current, sessionId, ctx.conversationId));

    let next: { flow: LoadedFlow; event: EngineEvent } | null = null;
    let endReason: string | null = null;
    for (const effect of result.effects) {
      switch (effect.type) {
        case "send":
          await ctx.reply(effect.content, { flowId: current.flowId, flowVersion: current.version, blockId: effect.blockId, sessionId });
          outcome.replies++;
          break;
        case "http": {
          const [jobId] = await ctx.writes.jobs([
            {
              kind: "flow_http",
              dueAt: new Date(),
              conversationId: ctx.conversationId,
              sessionId,
              payload: { requestId: effect.requestId, request: effect.request, blockId: effect.blockId, channelId: ctx.channelId, waId: ctx.contact.waId },
            },
          ]);
          outcome.httpJobs.push(jobId!);
          break;
        }
        case "schedule_timer":
          await ctx.writes.jobs([
            {
              kind: "flow_timer",
              dueAt: effect.dueAt,
              conversationId: ctx.conversationId,
              sessionId,
              payload: { timerId: effect.timerId, timerKind: effect.kind, blockId: effect.blockId, channelId: ctx.channelId, waId: ctx.contact.waId },
            },
          ]);
          break;
        case "cancel_timers":
          await ctx.writes.cancelTimers(ctx.conversationId);
          break;
        case "set_contact_attribute":
          if (effect.key === "name" && typeof effect.value === "string") await ctx.writes.setContactName(ctx.contact.id, effect.value);
          else await ctx.writes.setContactAttributes(ctx.contact.id, { [effect.key]: effect.value });
          ctx.contact = { ...ctx.contact, attributes: { ...ctx.contact.attributes, [effect.key]: effect.value } };
          break;
        case "handoff":
          await ctx.requestHuman(effect.note);
          endReason = "handoff";
          break;
        case "goto_flow": {
          const target = await loadPublished(ctx.tx, effect.flowId);
          endReason = "goto_flow";
          if (!target) {
            await ctx.note(`Flow error: “Go to flow” points to a flow that is not published (${effect.flowId}).`);
            break;
          }
          next = { flow: target, event: { type: "start", variables: effect.variables, stepCount: effect.stepCount, message: effect.message } };
          break;
        }
        case "end":
          endReason ??= effect.reason;
          break;
        case "flow_error":
          endReason = "error";
          log.warn({ conversationId: ctx.conversationId, blockId: effect.blockId }, `[FLOW] error in ${current.flowId} v${current.version}: ${effect.message}`);
          await ctx.note(`Flow error${effect.blockId ? ` at block ${effect.blockId}` : ""}: ${effect.message}`);
          break;
      }
    }

    const final = result.session
      ? { state: result.session as unknown as Record<string, unknown> }
      : { status: result.status === "error" ? ("error" as const) : ("ended" as const), endReason: endReason ?? "completed", endedAt: new Date() };
    if (row) await ctx.writes.updateSession(sessionId, final);
    else await ctx.writes.insertSession({ id: sessionId, conversationId: ctx.conversationId, flowId: current.flowId, flowVersion: current.version, state: {}, ...final });
    if (!next) return outcome;
    current = next.flow;
    event = next.event;
    row = null;
    state = null;
  }
  await ctx.note("Flow error: too many “Go to flow” hops in one turn; the bot stopped.");
  return outcome;
}

function stepRows(steps: StepRecord[], flow: LoadedFlow, sessionId: string, conversationId: string) {
  const targets = new Map(flow.doc.edges.map((e) => [`${e.source}\u0000${e.sourceOutput}`, e.target]));
  return steps.map((s) => ({
    sessionId,
    conversationId,
    flowId: flow.flowId,
    flowVersion: flow.version,
    blockId: s.blockId,
    output: s.output ?? null,
    nextBlockId: s.output ? (targets.get(`${s.blockId}\u0000${s.output}`) ?? null) : null,
    input: s.input ?? null,
    variablesChanged: s.variablesChanged ?? null,
    error: s.error ?? null,
    at: s.at,
  }));
}
