import type { DbHandle, Tx } from "@/db/client";
import { recordChannelError } from "@/db/queries/channels";
import { inboundMessageExists } from "@/db/queries/messages";
import { pipelined } from "@/db/queries/rows";
import { markEventDone, markEventDoneIfOpen, markEventNote, markEventRetry, markEventsDoneIfOpen, openOlderEvents, orderKeysWithOlderOpen } from "@/db/queries/webhook-events";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "@/lib/channels/types";
import { backoffDelay } from "./backoff";
import { liveChannel, type LiveChannel } from "./channel-cache";
import { applyInboundBatch, applyInboundMessage, DuplicateInboundError, inboundPreview, storedInboundOf, type InboundOutcome } from "./inbound";
import { conversationKey, lockKeys, providerMessageKey } from "./locks";
import { inboundLine, logicLine, stageLog, statusLine } from "./log-lines";
import { transactionWithDispatch } from "./outbound";
import { applyStatusEvent, applyStatusEvents, type StatusOutcome } from "./statuses";

/**
 * What processing a webhook event does: one event alone (processOne), or a batch of
 * customer messages or statuses in one transaction (processBatch), each behind the
 * exactly-once gate — the event is marked done in the transaction that applies it, only
 * if still open. When events run, and which go together, is process.ts's part.
 */

/** Attempts before an event that keeps failing is parked as `failed` (kept, visible, never lost). */
export const MAX_EVENT_ATTEMPTS = 5;

export interface ProcessResult {
  id: number;
  outcome: "processed" | "skipped" | "duplicate" | "retry" | "ignored";
}

export type EventRow = { id: number; attempts: number; channelId: string };

export interface Waiting<E extends NormalizedEvent> {
  handle: DbHandle;
  row: EventRow;
  event: E;
  resolve(result: ProcessResult): void;
}
type WaitingInbound = Waiting<InboundMessage>;
type WaitingStatus = Waiting<StatusUpdate>;

/** How batching went in this process (tests, diagnostics): batches of two or more events, the events in them, the largest. */
export const processingBatchStats = { batches: 0, messages: 0, largest: 0 };


export async function processOne(handle: DbHandle, row: { id: number; attempts: number; channelId: string }, event: NormalizedEvent): Promise<ProcessResult> {
  const { db } = handle;
  try {
    const channel = await liveChannel(db, row.channelId);
    if (!channel) throw new Error("channel configuration cannot be read");
    if (event.kind === "message") return await processInbound(handle, row.id, channel, event);
    if (event.kind === "status") return await processStatus(handle, row.id, channel, event);
    await markEventDone(db, row.id);
    return { id: row.id, outcome: "ignored" };
  } catch (err) {
    if (err instanceof DuplicateInboundError) {
      // If even this fails (database down), the event stays open and the sweeper finds the duplicate again.
      await markEventDone(db, row.id, "duplicate message").catch(() => {});
      return { id: row.id, outcome: "duplicate" };
    }
    const message = err instanceof Error ? err.message : String(err);
    const delay = backoffDelay(row.attempts + 1, { baseMs: 1_000, capMs: 60_000 });
    stageLog.error({ err, eventId: row.id }, `event ${row.id} processing failed; retrying in ${Math.round(delay / 1000)} s`);
    await markEventRetry(db, row.id, message, delay, MAX_EVENT_ATTEMPTS).catch(() => {});
    await recordChannelError(db, row.channelId, `processing failed: ${message}`).catch(() => {});
    return { id: row.id, outcome: "retry" };
  }
}

/**
 * One transaction for a batch of events (see inboundBatchTransaction and
 * statusBatchTransaction). A lone event takes the one-by-one path. If anything fails,
 * the batch rolls back and each event is processed alone, with its own retries — one
 * bad event never holds up the others.
 */
export async function processBatch<E extends NormalizedEvent>(batch: Waiting<E>[], transaction: (handle: DbHandle, batch: Waiting<E>[]) => Promise<ProcessResult[]>): Promise<void> {
  if (batch.length === 1) {
    const [only] = batch;
    only!.resolve(await processOne(only!.handle, only!.row, only!.event));
    return;
  }
  const handle = batch[0]!.handle;
  processingBatchStats.batches++;
  processingBatchStats.messages += batch.length;
  processingBatchStats.largest = Math.max(processingBatchStats.largest, batch.length);
  let results: ProcessResult[];
  try {
    results = await transaction(handle, batch);
  } catch (err) {
    stageLog.warn({ err, events: batch.map((b) => b.row.id) }, `a batch of ${batch.length} events failed; processing them one by one`);
    for (const item of batch) item.resolve(await processOne(handle, item.row, item.event).catch((): ProcessResult => ({ id: item.row.id, outcome: "retry" })));
    return;
  }
  batch.forEach((item, n) => item.resolve(results[n]!));
}

/**
 * Customer messages: every conversation's lock (sorted), the exactly-once gate for all
 * events, then the messages with multi-row statements (applyInboundBatch). A contact
 * with an older message still open (another instance stored it) goes through the
 * one-by-one path inside the same transaction, older first.
 */
export async function inboundBatchTransaction(handle: DbHandle, batch: WaitingInbound[]): Promise<ProcessResult[]> {
  const channels = new Map<string, LiveChannel>();
  for (const { row } of batch) {
    if (channels.has(row.channelId)) continue;
    const channel = await liveChannel(handle.db, row.channelId);
    if (!channel) throw new Error("channel configuration cannot be read");
    channels.set(row.channelId, channel);
  }
  const keyOf = (item: WaitingInbound) => conversationKey(item.row.channelId, item.event.from);
  const batchItem = (item: WaitingInbound) => ({ channel: channels.get(item.row.channelId)!, event: item.event });
  const logs: (() => void)[] = [];
  const results = await transactionWithDispatch(handle.db, async (tx) => {
    // One round trip, run in this order: the locks, the gate, which contacts have an
    // older message still open (asked for the whole batch: a key is one conversation's),
    // and which messages are stored already (under the locks, as applyInboundBatch would ask).
    const [, open, behind, stored] = await pipelined(
      lockKeys(tx, handle.kind, batch.map(keyOf)),
      markEventsDoneIfOpen(tx, batch.map((b) => b.row.id)),
      handle.kind === "postgres" ? orderKeysWithOlderOpen(tx, batch.map((b) => ({ orderKey: keyOf(b), id: b.row.id }))) : new Set<string>(),
      storedInboundOf(tx, batch.map(batchItem)),
    );
    const live = batch.filter((b) => open.has(b.row.id));
    const outcomes = new Map<WaitingInbound, InboundOutcome | "duplicate">();
    for (const item of live.filter((b) => behind.has(keyOf(b)))) {
      const channel = channels.get(item.row.channelId)!;
      await processOlderFirst(tx, channel, keyOf(item), item.row.id);
      outcomes.set(item, await applyInboundMessage(tx, channel, item.event));
    }
    const together = live.filter((b) => !behind.has(keyOf(b)));
    const applied = await applyInboundBatch(tx, together.map(batchItem), stored);
    together.forEach((item, n) => outcomes.set(item, applied[n]!));
    return batch.map((item): ProcessResult => {
      const outcome = outcomes.get(item);
      if (!outcome) return { id: item.row.id, outcome: "skipped" };
      if (outcome === "duplicate") return { id: item.row.id, outcome: "duplicate" };
      logs.push(() => logInbound(item.row.channelId, item.event, outcome));
      return { id: item.row.id, outcome: "processed" };
    });
  });
  const duplicates = results.filter((r) => r.outcome === "duplicate").map((r) => r.id);
  for (const id of duplicates) await markEventNote(handle.db, id, "duplicate message").catch(() => {});
  for (const log of logs) log();
  return results;
}

/**
 * Status webhooks: every provider message's lock (sorted, like the dispatcher's
 * recording), one gate for all, then the statuses applied together (applyStatusEvents:
 * four statements for the batch, each status folded as if alone) — one transaction for
 * the batch instead of one per status.
 */
export async function statusBatchTransaction(handle: DbHandle, batch: WaitingStatus[]): Promise<ProcessResult[]> {
  const logs: (() => void)[] = [];
  const results = await handle.db.transaction(async (tx) => {
    const [, open] = await pipelined(
      lockKeys(tx, handle.kind, batch.map((b) => providerMessageKey(b.row.channelId, b.event.providerMessageId))),
      markEventsDoneIfOpen(tx, batch.map((b) => b.row.id)),
    );
    const live = batch.filter((b) => open.has(b.row.id));
    const outcomes = await applyStatusEvents(
      tx,
      live.map((b) => ({ channelId: b.row.channelId, event: b.event })),
    );
    live.forEach((item, n) => logs.push(() => logStatus(item.row.channelId, item.event, outcomes[n]!)));
    return batch.map((item): ProcessResult => ({ id: item.row.id, outcome: open.has(item.row.id) ? "processed" : "skipped" }));
  });
  for (const log of logs) log();
  return results;
}

function logStatus(channelId: string, event: StatusUpdate, outcome: StatusOutcome): void {
  const line = statusLine(event.status, event.recipient, event.providerMessageId);
  if (outcome.recorded) stageLog.info({ channelId, messageId: outcome.messageId, error: event.error }, event.error ? `${line} | ${event.error.code} ${event.error.title}` : line);
  else stageLog.debug({ channelId }, `${line} (repeat)`);
}

function logInbound(channelId: string, event: InboundMessage, outcome: InboundOutcome): void {
  stageLog.info({ channelId, messageId: outcome.message.id, providerMessageId: event.providerMessageId }, inboundLine(event.type, event.from, inboundPreview(event)));
  if (outcome.replies > 0) stageLog.info({ conversationId: outcome.conversation.id }, logicLine(event.from, outcome.replies));
}

async function processInbound(handle: DbHandle, id: number, channel: LiveChannel, event: InboundMessage): Promise<ProcessResult> {
  const lock = handle.kind === "postgres" ? conversationKey(channel.id, event.from) : undefined;
  const outcome = await transactionWithDispatch(handle.db, async (tx) => {
    if (!(await markEventDoneIfOpen(tx, id, lock))) return null;
    // Several instances: this one may have won the conversation's lock before the one
    // holding the contact's previous message. Under the lock, older open messages go first.
    if (lock) await processOlderFirst(tx, channel, lock, id);
    return applyInboundMessage(tx, channel, event);
  });
  if (!outcome) return { id, outcome: "skipped" };
  logInbound(channel.id, event, outcome);
  return { id, outcome: "processed" };
}

async function processOlderFirst(tx: Tx, channel: LiveChannel, orderKey: string, id: number): Promise<void> {
  for (const older of await openOlderEvents(tx, orderKey, id)) {
    if (!(await markEventDoneIfOpen(tx, older.id))) continue;
    const parsed = normalizedEventSchema.safeParse(older.payload);
    if (!parsed.success || parsed.data.kind !== "message") {
      await markEventNote(tx, older.id, "unreadable payload");
      continue;
    }
    if (await inboundMessageExists(tx, channel.id, parsed.data.providerMessageId)) {
      await markEventNote(tx, older.id, "duplicate message");
      continue;
    }
    await applyInboundMessage(tx, channel, parsed.data);
    stageLog.info({ channelId: channel.id, eventId: older.id, before: id }, `[INBOUND] event ${older.id} processed ahead of ${id} to keep the contact's order`);
  }
}

async function processStatus(handle: DbHandle, id: number, channel: LiveChannel, event: StatusUpdate): Promise<ProcessResult> {
  const lock = handle.kind === "postgres" ? providerMessageKey(channel.id, event.providerMessageId) : undefined;
  const outcome = await handle.db.transaction(async (tx) => {
    if (!(await markEventDoneIfOpen(tx, id, lock))) return null;
    return applyStatusEvent(tx, channel.id, event);
  });
  if (!outcome) return { id, outcome: "skipped" };
  logStatus(channel.id, event, outcome);
  return { id, outcome: "processed" };
}
