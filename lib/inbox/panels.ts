import type { Queryable } from "@/db/client";
import { conversationSessions, latestConversationSteps, messageCounts } from "@/db/queries/conversations";
import { loadVersion } from "@/lib/flow/runtime/flow-cache";
import { getConversation, getConversationView, type ConversationView } from "@/lib/messaging/conversations";
import { WINDOW_MS } from "@/lib/messaging/window";

export interface SessionSummary {
  id: string;
  flowId: string;
  flowName: string | null;
  flowVersion: number;
  status: string;
  endReason: string | null;
  /** Where an active session waits (block id), and what for. */
  waitingAt: string | null;
  waitingFor: string | null;
  variables: Record<string, unknown>;
  startedAt: Date;
  endedAt: Date | null;
}

function summarize(row: Awaited<ReturnType<typeof conversationSessions>>[number]): SessionSummary {
  const state = row.state as { currentBlockId?: string; waitingFor?: { kind?: string; blockId?: string }; variables?: Record<string, unknown> };
  return {
    id: row.id,
    flowId: row.flowId,
    flowName: row.flowName,
    flowVersion: row.flowVersion,
    status: row.status,
    endReason: row.endReason,
    waitingAt: row.status === "active" ? (state.waitingFor?.blockId ?? state.currentBlockId ?? null) : null,
    waitingFor: row.status === "active" ? (state.waitingFor?.kind ?? null) : null,
    variables: state.variables ?? {},
    startedAt: row.startedAt,
    endedAt: row.endedAt,
  };
}

/** The contact panel: who the customer is, the 24-hour window, and their sessions with the bot. */
export async function contactPanel(db: Queryable, conversationId: string) {
  const { contact } = await getConversation(db, conversationId);
  const conversation = await getConversationView(db, conversationId);
  const sessions = await conversationSessions(db, conversationId);
  const counts = await messageCounts(db, conversationId);
  return {
    conversation,
    contact: {
      id: contact.id,
      waId: contact.waId,
      name: contact.name,
      attributes: contact.attributes,
      optedOut: contact.optedOut,
      optedOutAt: contact.optedOutAt,
      firstSeenAt: contact.firstSeenAt,
      lastSeenAt: contact.lastSeenAt,
    },
    window: windowState(conversation),
    messages: counts,
    sessions: sessions.map(summarize),
  };
}

function windowState(c: ConversationView) {
  return { open: c.windowOpen, expiresAt: c.windowExpiresAt, lastInboundAt: c.lastInboundAt, lengthMs: WINDOW_MS };
}

export interface PathStep {
  id: number;
  sessionId: string;
  flowId: string;
  flowVersion: number;
  blockId: string;
  blockType: string | null;
  blockLabel: string | null;
  output: string | null;
  nextBlockId: string | null;
  input: unknown;
  variablesChanged: Record<string, unknown> | null;
  error: string | null;
  at: Date;
}

/**
 * The path the bot took in this conversation: its latest steps (`items`, oldest first),
 * each block named as in the builder, and the sessions they belong to.
 */
export async function sessionPath(db: Queryable, conversationId: string) {
  await getConversation(db, conversationId);
  // One after the other: a side panel is not worth holding several pooled connections.
  const steps = await latestConversationSteps(db, conversationId);
  const sessions = await conversationSessions(db, conversationId);
  const docs = new Map<string, Map<string, { type: string; label?: string }>>();
  for (const key of new Set(steps.map((s) => `${s.flowId}@${s.flowVersion}`))) {
    const [flowId, version] = key.split("@");
    const loaded = await loadVersion(db, flowId!, Number(version)).catch(() => null);
    docs.set(key, new Map((loaded?.doc.blocks ?? []).map((b) => [b.id, { type: b.type, label: b.label }])));
  }
  const items: PathStep[] = steps.map((s) => {
    const block = docs.get(`${s.flowId}@${s.flowVersion}`)?.get(s.blockId);
    return {
      id: s.id,
      sessionId: s.sessionId,
      flowId: s.flowId,
      flowVersion: s.flowVersion,
      blockId: s.blockId,
      blockType: block?.type ?? null,
      blockLabel: block?.label ?? null,
      output: s.output,
      nextBlockId: s.nextBlockId,
      input: s.input,
      variablesChanged: s.variablesChanged,
      error: s.error,
      at: s.at,
    };
  });
  return { items, sessions: sessions.map(summarize) };
}
