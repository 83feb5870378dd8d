import type { Queryable, Tx } from "@/db/client";
import {
  applyReducedStatus,
  applyReducedStatuses,
  findMessageForStatus,
  findMessagesForStatuses,
  insertStatusEvent,
  insertStatusEvents,
  statusEventKey,
  statusEventsOfMessage,
  type ReducedStatusRow,
} from "@/db/queries/statuses";
import { touchMessageLive, touchMessagesLive } from "@/db/queries/live";
import { pipelined } from "@/db/queries/rows";
import type { StatusUpdate } from "@/lib/channels/types";
import type { MessageRow } from "@/db/queries/messages";
import { applyStatus, OUTBOUND_STATUSES, reduceStatus, type OutboundStatus, type StatusEvent, type StatusState } from "./status-reducer";
import { isUuid } from "@/lib/uuid";


/**
 * Folds the message's whole history through the reducer and stores the result. The
 * state is a function of the set of events, so recomputing is always right whatever
 * order they came in. Call with the message row locked.
 */
export async function reduceMessageStatus(tx: Queryable, messageId: string) {
  const history = await statusEventsOfMessage(tx, messageId);
  const events: StatusEvent[] = history.map((h) => ({ status: h.status, timestamp: h.providerTimestamp ?? h.receivedAt, error: h.error }));
  const state = reduceStatus(events);
  await applyReducedStatus(tx, messageId, state);
  return state;
}

export interface StatusOutcome {
  messageId: string | null;
  /** False when this status was already in the history (a redelivery). */
  recorded: boolean;
  status: string | null;
}

/**
 * One status webhook event: history row (unique per message and status), then the
 * reducer over the full history. A status can beat the send call's answer (the sandbox
 * is that fast): it is attached by our id echoed as callback data when the provider
 * does that, otherwise kept with message_id null and adopted when the send result lands
 * (both sides hold the same advisory lock — the caller takes it — so none slips between).
 */
export async function applyStatusEvent(tx: Tx, channelId: string, event: StatusUpdate): Promise<StatusOutcome> {
  const callbackId = event.callbackData && isUuid(event.callbackData) ? event.callbackData : undefined;
  const ids = event.wamid && event.wamid !== event.providerMessageId ? [event.providerMessageId, event.wamid] : [event.providerMessageId];
  const message = await findMessageForStatus(tx, { channelId, providerMessageIds: ids, callbackId });
  // Callback data names our message only while its provider id is unknown or agrees.
  const target = message && (message.providerMessageId === null || ids.includes(message.providerMessageId)) ? message : null;

  const recorded = await insertStatusEvent(tx, {
    channelId,
    messageId: target?.id ?? null,
    providerMessageId: event.providerMessageId,
    status: event.status,
    providerTimestamp: event.timestamp,
    error: event.error ?? null,
  });
  if (!target) return { messageId: null, recorded, status: null };
  if (!recorded) return { messageId: target.id, recorded, status: target.status };
  // The reducer is a commutative fold and the row holds its state: one step, no history read.
  const current = stateOf(target);
  const next = applyStatus(current, { status: event.status, timestamp: event.timestamp, error: event.error ?? null });
  // Found by the callback id before its send was recorded: the provider has the message. A
  // send whose answer was lost (the app crashed, or the call timed out after the provider
  // took it) is settled here, and the dispatcher will not send it again: it only claims
  // rows still `queued`, and this status moved the row past that.
  if (target.providerMessageId === null) await applyReducedStatus(tx, target.id, next, event.providerMessageId);
  else if (!sameState(current, next)) await applyReducedStatus(tx, target.id, next);
  // Only the history grew (a late `delivered` after `read`): the inbox's timeline still shows it.
  else await touchMessageLive(tx, target.id);
  return { messageId: target.id, recorded, status: next.status };
}

/**
 * `applyStatusEvent` for a batch of status webhooks (the caller holds every provider
 * message's lock and has passed the exactly-once gate), with a fixed number of statements
 * whatever the batch's size: the messages they name, locked, in one; the history rows in
 * one; the reduced states in one; the live-feed touches in one. Each status is folded in
 * arrival order on its message's state in memory, exactly as one by one — including a
 * message's provider id learnt from an earlier status of the batch (matched by our id).
 */
export async function applyStatusEvents(tx: Tx, items: readonly { channelId: string; event: StatusUpdate }[]): Promise<StatusOutcome[]> {
  if (items.length === 0) return [];
  const idsOf = (e: StatusUpdate) => (e.wamid && e.wamid !== e.providerMessageId ? [e.providerMessageId, e.wamid] : [e.providerMessageId]);
  const callbackOf = (e: StatusUpdate) => (e.callbackData && isUuid(e.callbackData) ? e.callbackData : undefined);
  const rows = await findMessagesForStatuses(tx, {
    channelIds: [...new Set(items.map((i) => i.channelId))],
    providerMessageIds: [...new Set(items.flatMap((i) => idsOf(i.event)))],
    callbackIds: [...new Set(items.map((i) => callbackOf(i.event)).filter((id): id is string => id !== undefined))],
  });
  const originals = new Map(rows.map((r) => [r.id, r]));
  // Working copies: a status may teach a message its provider id for the next ones.
  const messagesById = new Map(rows.map((r) => [r.id, { ...r }]));
  const byProviderId = new Map<string, MessageRow>();
  const providerKey = (channelId: string, id: string) => `${channelId}\u0000${id}`;
  for (const m of messagesById.values()) if (m.providerMessageId) byProviderId.set(providerKey(m.channelId, m.providerMessageId), m);

  // Which message each status is about, in order (findMessageForStatus's rule: by provider id first, else by our id).
  const targets: (MessageRow | null)[] = [];
  const pendingProviderIds = new Map<string, string>();
  for (const { channelId, event } of items) {
    const ids = idsOf(event);
    const callbackId = callbackOf(event);
    let message = ids.map((id) => byProviderId.get(providerKey(channelId, id))).find((m) => m !== undefined) ?? null;
    if (!message && callbackId) {
      const candidate = messagesById.get(callbackId);
      if (candidate && candidate.channelId === channelId) message = candidate;
    }
    const target = message && (message.providerMessageId === null || ids.includes(message.providerMessageId)) ? message : null;
    if (target && target.providerMessageId === null) {
      // As one by one: the first status matched by our id names the provider's id.
      target.providerMessageId = event.providerMessageId;
      byProviderId.set(providerKey(channelId, event.providerMessageId), target);
      pendingProviderIds.set(target.id, event.providerMessageId);
    }
    targets.push(target);
  }

  const recorded = await insertStatusEvents(
    tx,
    items.map(({ channelId, event }, n) => ({
      channelId,
      messageId: targets[n]?.id ?? null,
      providerMessageId: event.providerMessageId,
      status: event.status,
      providerTimestamp: event.timestamp,
      error: event.error ?? null,
    })),
  );

  const before = new Map<string, StatusState>();
  const states = new Map<string, StatusState>();
  const seen = new Set<string>();
  const outcomes = items.map(({ channelId, event }, n): StatusOutcome => {
    const target = targets[n];
    const key = statusEventKey(channelId, event.providerMessageId, event.status);
    // Only the first of identical statuses in one batch is new (the insert kept one row).
    const isNew = recorded.has(key) && !seen.has(key);
    seen.add(key);
    if (!target) return { messageId: null, recorded: isNew, status: null };
    if (!before.has(target.id)) {
      const original = originals.get(target.id)!;
      before.set(target.id, stateOf(original));
      states.set(target.id, stateOf(original));
    }
    if (!isNew) return { messageId: target.id, recorded: false, status: states.get(target.id)!.status };
    const next = applyStatus(states.get(target.id)!, { status: event.status, timestamp: event.timestamp, error: event.error ?? null });
    states.set(target.id, next);
    return { messageId: target.id, recorded: true, status: next.status };
  });

  const withNewHistory = new Set(outcomes.filter((o) => o.recorded && o.messageId).map((o) => o.messageId));
  const changed: ReducedStatusRow[] = [];
  const touched: string[] = [];
  for (const [id, state] of states) {
    const providerMessageId = pendingProviderIds.get(id);
    if (providerMessageId !== undefined || !sameState(before.get(id)!, state)) changed.push({ id, ...state, ...(providerMessageId === undefined ? {} : { providerMessageId }) });
    else if (withNewHistory.has(id)) touched.push(id);
  }
  // Only the history grew (a late `delivered` after `read`): the inbox's timeline still shows it.
  await pipelined(applyReducedStatuses(tx, changed), touchMessagesLive(tx, touched));
  return outcomes;
}

function stateOf(row: MessageRow): StatusState {
  const status: OutboundStatus = (OUTBOUND_STATUSES as readonly string[]).includes(row.status) ? (row.status as OutboundStatus) : "queued";
  const state: StatusState = { status, error: status === "failed" ? row.error : null };
  if (row.sentAt) state.sentAt = row.sentAt;
  if (row.deliveredAt) state.deliveredAt = row.deliveredAt;
  if (row.readAt) state.readAt = row.readAt;
  if (row.failedAt) state.failedAt = row.failedAt;
  return state;
}

const time = (d: Date | undefined) => d?.getTime() ?? null;

function sameState(a: StatusState, b: StatusState): boolean {
  return (
    a.status === b.status &&
    JSON.stringify(a.error) === JSON.stringify(b.error) &&
    time(a.sentAt) === time(b.sentAt) &&
    time(a.deliveredAt) === time(b.deliveredAt) &&
    time(a.readAt) === time(b.readAt) &&
    time(a.failedAt) === time(b.failedAt)
  );
}
