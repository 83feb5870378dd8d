/**
 * Test helpers for flow tests (imported by *.test.ts only): compact document builders,
 * an executor context, and a conversation driver that feeds events to step() the way
 * the runtime will, applying contact-attribute effects between turns.
 */
import type { ExecuteContext, Resume } from "./blocks/types";
import { parseFlowDocument, type FlowDocument } from "./document";
import { step } from "./engine";
import { DEFAULT_LIMITS } from "./limits";
import { scopeReader } from "./scope";
import type { ContactInput, EngineEvent, EngineLimits, InboundMessageInput, SessionState, StepResult } from "./types";

export const T0 = new Date("2025-03-01T10:00:00.000Z");

type BlockSpec = { id: string; type: string; settings?: Record<string, unknown>; label?: string };

/** Builds and parses a document; edges are [source, output, target]. */
export function flow(blocks: BlockSpec[], edges: [string, string, string][], extra: Record<string, unknown> = {}): FlowDocument {
  return parseFlowDocument(rawFlow(blocks, edges, extra));
}

export function rawFlow(blocks: BlockSpec[], edges: [string, string, string][], extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    blocks: blocks.map((b, i) => ({ position: { x: i * 200, y: 0 }, settings: {}, ...b })),
    edges: edges.map(([source, sourceOutput, target], i) => ({ id: `e${i}`, source, sourceOutput, target })),
    ...extra,
  };
}

export const hiTrigger: BlockSpec = { id: "start", type: "trigger", settings: { kind: "keyword", keywords: ["hi"] } };

export function contactOf(overrides: Partial<ContactInput> = {}): ContactInput {
  return { name: "Ana", phone: "919959623255", attributes: {}, isFirstContact: false, ...overrides };
}

export function textMessage(text: string): InboundMessageInput {
  return { type: "text", text };
}

export function sentTexts(result: StepResult): string[] {
  return result.effects.flatMap((e) => {
    if (e.type !== "send") return [];
    const c = e.content;
    return [c.type === "text" ? c.text : c.type === "buttons" || c.type === "list" ? c.body : c.type];
  });
}

export function conversation(doc: FlowDocument, options: { contact?: Partial<ContactInput>; limits?: EngineLimits } = {}) {
  let session: SessionState | null = null;
  let now = new Date(T0);
  const contact = contactOf(options.contact);
  const results: StepResult[] = [];
  const send = (event: EngineEvent): StepResult => {
    const result = step({ doc, flowId: "flow-1", version: 1, session, event, now, contact, limits: options.limits });
    for (const effect of result.effects) {
      if (effect.type === "set_contact_attribute") contact.attributes[effect.key] = effect.value;
    }
    contact.isFirstContact = false;
    session = result.session;
    results.push(result);
    return result;
  };
  return {
    say: (text: string) => send({ type: "message", message: textMessage(text) }),
    tap: (id: string, title?: string) =>
      send({ type: "message", message: { type: "interactive", interactiveId: id, ...(title ? { interactiveTitle: title } : {}) } }),
    event: send,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    get session() {
      return session;
    },
    contact,
    results,
  };
}

/** A context for calling one executor directly. */
export function execContext<S>(
  settings: S,
  overrides: Partial<ExecuteContext<S>> & { variables?: Record<string, unknown>; message?: InboundMessageInput; resume?: Resume } = {},
): ExecuteContext<S> {
  const { variables = {}, ...rest } = overrides;
  const contact = rest.contact ?? contactOf();
  const reader = scopeReader({ flowId: "flow-1", version: 1, variables, contact, message: rest.message });
  return {
    blockId: "block",
    settings,
    get: reader.get,
    render: reader.render,
    contact,
    now: T0,
    requestId: "req-1",
    limits: { ...DEFAULT_LIMITS },
    isConnected: () => true,
    ...rest,
  };
}

export function waitingFor(kind: "reply_choice" | "ask" | "http", extra: Partial<NonNullable<SessionState["waitingFor"]>> = {}) {
  return { kind, blockId: "block", ...extra };
}
