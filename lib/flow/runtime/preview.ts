import { z } from "zod";
import type { Database } from "@/db";
import { findFlow, findVersion } from "@/db/queries/flows";
import type { OutboundContent } from "@/lib/channels/content";
import { step } from "@/lib/flow/engine";
import { readDocument } from "@/lib/flow/store/drafts";
import type { EngineEvent, SessionState, StepRecord } from "@/lib/flow/types";
import type { FlowDocument } from "@/lib/flow";
import { readAllowList } from "./allow-list";
import { performHttp } from "./http";

/**
 * The builder's phone preview: runs a draft through the real engine in a private,
 * stateless session (the browser keeps the session between turns). Nothing is stored and
 * nothing is sent to WhatsApp; API calls are made for real through the guarded port.
 */
export const previewSchema = z.object({
  flowId: z.string().optional(),
  document: z.unknown(),
  session: z.record(z.string(), z.unknown()).nullable().default(null),
  event: z.record(z.string(), z.unknown()).refine((e) => typeof e.type === "string", "event.type is required"),
  contact: z
    .object({ name: z.string().optional(), phone: z.string().default("15550001111"), attributes: z.record(z.string(), z.unknown()).default({}) })
    .default({ phone: "15550001111", attributes: {} }),
});

export type PreviewInput = z.infer<typeof previewSchema>;

const MAX_CONTINUATIONS = 20;

export async function runPreview(db: Database, input: PreviewInput) {
  let current = { doc: readDocument(input.document), flowId: input.flowId ?? "preview", version: 0 };
  let session = input.session as SessionState | null;
  if (session) current = { ...current, flowId: session.flowId, version: session.version };
  let event = input.event as unknown as EngineEvent;
  const contact = { ...input.contact, attributes: { ...input.contact.attributes } };
  const allowList = await readAllowList(db);
  const messages: { blockId: string; content: OutboundContent }[] = [];
  const steps: StepRecord[] = [];
  const notices: string[] = [];
  const timers: { timerId: string; kind: string; dueAt: Date; blockId: string }[] = [];
  let status: string = "waiting";

  for (let turn = 0; turn < MAX_CONTINUATIONS; turn++) {
    const result = step({
      doc: current.doc,
      flowId: current.flowId,
      version: current.version,
      session,
      event,
      now: new Date(),
      contact: { name: contact.name, phone: contact.phone, attributes: contact.attributes, isFirstContact: !input.session },
    });
    steps.push(...result.steps);
    status = result.status;
    session = result.session;
    let next: EngineEvent | null = null;
    for (const effect of result.effects) {
      switch (effect.type) {
        case "send":
          messages.push({ blockId: effect.blockId, content: effect.content });
          break;
        case "http":
          next = await performHttp(effect.request, effect.requestId, { allowList });
          break;
        case "schedule_timer":
          timers.push({ timerId: effect.timerId, kind: effect.kind, dueAt: effect.dueAt, blockId: effect.blockId });
          break;
        case "set_contact_attribute":
          contact.attributes[effect.key] = effect.value;
          break;
        case "handoff":
          notices.push(`Handed off to a human${effect.note ? `: ${effect.note}` : ""}. In a live conversation the bot now stays silent until an agent hands it back.`);
          break;
        case "goto_flow": {
          const target = await loadFlow(db, effect.flowId);
          if (!target) {
            notices.push("Go to flow: the target flow no longer exists.");
            break;
          }
          notices.push(`Went to flow “${target.name}” (${target.version ? `published v${target.version}` : "draft"}).`);
          current = { doc: target.doc, flowId: effect.flowId, version: target.version };
          next = { type: "start", variables: effect.variables, stepCount: effect.stepCount, message: effect.message };
          break;
        }
        case "end":
          notices.push(effect.reason === "inactivity" ? "The session ended after inactivity." : "The flow ended.");
          break;
        case "flow_error":
          notices.push(`Flow error: ${effect.message}`);
          break;
        case "cancel_timers":
          timers.length = 0;
          break;
      }
    }
    if (!next) break;
    event = next;
  }
  return { session, messages, steps, status, notices, timers, contact };
}

async function loadFlow(db: Database, id: string): Promise<{ doc: FlowDocument; version: number; name: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const flow = await findFlow(db, id);
  if (!flow) return null;
  if (flow.publishedVersion) {
    const version = await findVersion(db, id, flow.publishedVersion);
    if (version) return { doc: readDocument(version.document), version: version.version, name: flow.name };
  }
  return { doc: readDocument(flow.draft), version: 0, name: flow.name };
}

export const apiTestSchema = z.object({
  settings: z.record(z.string(), z.unknown()),
  variables: z.record(z.string(), z.unknown()).default({}),
});

/** The inspector's "Test request": runs one API-call block with sample variables. */
export async function testApiCall(db: Database, input: z.infer<typeof apiTestSchema>) {
  const doc = readDocument({ version: 1, blocks: [{ id: "api", type: "api_call", position: { x: 0, y: 0 }, settings: input.settings }], edges: [] });
  const contact = { phone: "15550001111", attributes: {}, isFirstContact: false };
  const now = new Date();
  const first = step({ doc, flowId: "api-test", version: 0, session: null, event: { type: "start", blockId: "api", variables: input.variables }, now, contact });
  const http = first.effects.find((e) => e.type === "http");
  if (!http || http.type !== "http") {
    const error = first.steps.find((s) => s.error)?.error ?? "The request could not be built from these settings.";
    return { ok: false, durationMs: 0, mapped: {}, error };
  }
  const result = await performHttp(http.request, http.requestId, { allowList: await readAllowList(db) });
  const second = step({ doc, flowId: "api-test", version: 0, session: first.session, event: result, now: new Date(), contact });
  const mapped = Object.assign({}, ...second.steps.map((s) => s.variablesChanged ?? {})) as Record<string, unknown>;
  return { ok: result.ok, status: result.status, durationMs: result.durationMs, body: result.body, mapped, error: result.error, request: { method: http.request.method, url: http.request.url } };
}
