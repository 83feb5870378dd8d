import type { Queryable, Tx } from "@/db/client";
import { applyReducedStatus, findMessageForStatus, insertStatusEvent, statusEventsOfMessage } from "@/db/queries/messages";
import { touchMessageLive } from "@/db/queries/live";
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
