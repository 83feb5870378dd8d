import { dbHandle } from "@/db";
import type { DbHandle, Tx } from "@/db/client";
import { recordChannelError } from "@/db/queries/channels";
import { inboundMessageExists } from "@/db/queries/messages";
import {
  loadOpenEvents,
  markEventDone,
  markEventDoneIfOpen,
  markEventNote,
  markEventRetry,
  markEventsDoneIfOpen,
  openOlderEvents,
  orderKeysWithOlderOpen,
} from "@/db/queries/webhook-events";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "@/lib/channels/types";
import { backoffDelay } from "./backoff";
import { liveChannel, type LiveChannel } from "./channel-cache";
import { applyInboundBatch, applyInboundMessage, DuplicateInboundError, inboundPreview, type InboundOutcome } from "./inbound";
import { conversationQueue } from "./conversation-turn";
import { Semaphore } from "./semaphore";
import { env } from "@/lib/env";
import { conversationKey, lockKeys, providerMessageKey } from "./locks";
import { inboundLine, logicLine, stageLog, statusLine } from "./log-lines";
import { transactionWithDispatch } from "./outbound";
import { applyStatusEvent, type StatusOutcome } from "./statuses";
import { yieldToIo } from "./yield";

/** Attempts before an event that keeps failing is parked as `failed` (kept, visible, never lost). */
export const MAX_EVENT_ATTEMPTS = 5;

const g = globalThis as unknown as { __tickflowProcessingSlots?: Semaphore };
/** Per-conversation (and per-message for statuses) FIFO across every caller in this process. */
const queue = conversationQueue();
/**
 * Processing transactions at once (PROCESSING_CONCURRENCY, default 1), below the pool
 * size. Processing is CPU-bound, so more at once adds no throughput but starves the
 * webhook answers sharing the event loop; and since each transaction takes every
 * customer message waiting, fewer at once make larger batches. Closed loop, quick
 * (bench/README.md): 245 replies/s with 3, ~345 with 2 or 1; at 500 msg/s ack p99 413 ms
 * with 2, 127 ms with 1. Under overload the backlog waits durably in webhook_event,
 * acknowledged. Created on first use: the environment is read at run time, never while
 * Next builds.
 */
const slots = () => (g.__tickflowProcessingSlots ??= new Semaphore(Math.max(1, Math.min(env().PROCESSING_CONCURRENCY, env().DATABASE_POOL_SIZE - 3))));

export interface ProcessResult {
  id: number;
  outcome: "processed" | "skipped" | "duplicate" | "retry" | "ignored";
}

/**
 * Processes stored webhook events by id, after the webhook was answered. Events of one
 * conversation go through one queue in id (= arrival) order, so a message that arrives
 * while the bot is busy waits for it; other conversations proceed in parallel. Each event
 * is one transaction that begins by marking it done only if still open — the
 * exactly-once gate shared with the sweeper and other instances.
 */
export async function processEvents(ids: readonly number[]): Promise<ProcessResult[]> {
  if (ids.length === 0) return [];
  const hinted: { id: number; hint: EventHint }[] = [];
  const unhinted: number[] = [];
  for (const id of ids) {
    const hint = hints.get(id);
    hints.delete(id);
    if (hint) hinted.push({ id, hint });
    else unhinted.push(id);
  }
  const handlePromise = dbHandle();
  // Events this process just stored are still in memory: take their places in line now,
  // synchronously (arrival order), and skip reading them back.
  const tasks = hinted.map(({ id, hint }) =>
    queue.run(hint.key, async () => processRow(await handlePromise, { id, channelId: hint.channelId, attempts: 0 }, hint.event)),
  );
  if (unhinted.length > 0) {
    const handle = await handlePromise;
    for (const row of await loadOpenEvents(handle.db, unhinted)) {
      const parsed = normalizedEventSchema.safeParse(row.payload);
      if (!parsed.success || !row.channelId) {
        tasks.push(markEventDone(handle.db, row.id, parsed.success ? "no channel" : "unreadable payload").then((): ProcessResult => ({ id: row.id, outcome: "ignored" })));
        continue;
      }
      tasks.push(queue.run(queueKey(row.channelId, parsed.data, row.id), () => processRow(handle, { ...row, channelId: row.channelId! }, parsed.data)));
    }
  }
  return Promise.all(tasks);
}

interface EventHint {
  key: string;
  channelId: string;
  event: NormalizedEvent;
}

/** Events stored by this process and not yet handed to processEvents (bounded; the sweeper covers the rest). */
const hints = new Map<number, EventHint>();
const MAX_HINTS = 20_000;

export function rememberEvents(events: { id: number; channelId: string | null; event: NormalizedEvent }[]): void {
  if (hints.size > MAX_HINTS) hints.clear();
  for (const e of events) if (e.channelId) hints.set(e.id, { key: queueKey(e.channelId, e.event, e.id), channelId: e.channelId, event: e.event });
}

function processRow(handle: DbHandle, row: EventRow, event: NormalizedEvent): Promise<ProcessResult> {
  if (event.kind === "message") return inboundBatcher.submit({ handle, row, event });
  if (event.kind === "status") return statusBatcher.submit({ handle, row, event });
  return slots().run(() => processOne(handle, row, event));
}

type EventRow = { id: number; attempts: number; channelId: string };

interface Waiting<E extends NormalizedEvent> {
  handle: DbHandle;
  row: EventRow;
  event: E;
  resolve(result: ProcessResult): void;
}
type WaitingInbound = Waiting<InboundMessage>;
type WaitingStatus = Waiting<StatusUpdate>;

/** The most events one processing transaction takes. */
const MAX_BATCH = 64;

/**
 * Events are processed in batches: each event that reaches the head of its queue (its
 * conversation's for a customer message, its provider message's for a status) waits
 * here until a processing slot is free, and the slot then takes every event of that kind
 * waiting (up to MAX_BATCH, no two of one queue) in one transaction. A lone event goes
 * at once, so light load adds no delay; under load, a batch costs a few statements
 * instead of several per event (bench/README.md).
 */
class Batcher<E extends NormalizedEvent> {
  private waiting: Waiting<E>[] = [];
  private pumping = false;

  constructor(private readonly run: (batch: Waiting<E>[]) => Promise<void>) {}

  submit(item: Omit<Waiting<E>, "resolve">): Promise<ProcessResult> {
    return new Promise((resolve) => {
      this.waiting.push({ ...item, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.pumping || this.waiting.length === 0) return;
    this.pumping = true;
    void slots().run(async () => {
      // Answer webhooks that are ready first; more may join this batch meanwhile.
      await yieldToIo();
      // The slot is ours: take what has piled up meanwhile, let the next waiter queue for a slot.
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.pumping = false;
      this.pump();
      try {
        await this.run(batch);
      } catch (err) {
        // Never leave an event's promise pending: its conversation's queue (timers, API
        // results, the next message) waits on it. Still open, the sweeper retries it.
        stageLog.error({ err, events: batch.map((b) => b.row.id) }, "processing failed; the sweeper will retry");
      } finally {
        for (const item of batch) item.resolve({ id: item.row.id, outcome: "retry" });
      }
    });
  }
}

const inboundBatcher = new Batcher<InboundMessage>((batch) => processBatch(batch, inboundBatchTransaction));
const statusBatcher = new Batcher<StatusUpdate>((batch) => processBatch(batch, statusBatchTransaction));

/** How batching went in this process (tests, diagnostics): batches of two or more events, the events in them, the largest. */
export const processingBatchStats = { batches: 0, messages: 0, largest: 0 };

function queueKey(channelId: string, event: NormalizedEvent, id: number): string {
  if (event.kind === "message") return conversationKey(channelId, event.from);
  if (event.kind === "status") return providerMessageKey(channelId, event.providerMessageId);
  return `event:${id}`;
}

async function processOne(handle: DbHandle, row: { id: number; attempts: number; channelId: string }, event: NormalizedEvent): Promise<ProcessResult> {
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
async function processBatch<E extends NormalizedEvent>(batch: Waiting<E>[], transaction: (handle: DbHandle, batch: Waiting<E>[]) => Promise<ProcessResult[]>): Promise<void> {
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
async function inboundBatchTransaction(handle: DbHandle, batch: WaitingInbound[]): Promise<ProcessResult[]> {
  const channels = new Map<string, LiveChannel>();
  for (const { row } of batch) {
    if (channels.has(row.channelId)) continue;
    const channel = await liveChannel(handle.db, row.channelId);
    if (!channel) throw new Error("channel configuration cannot be read");
    channels.set(row.channelId, channel);
  }
  const keyOf = (item: WaitingInbound) => conversationKey(item.row.channelId, item.event.from);
  const logs: (() => void)[] = [];
  const results = await transactionWithDispatch(handle.db, async (tx) => {
    await lockKeys(tx, handle.kind, batch.map(keyOf));
    const open = await markEventsDoneIfOpen(tx, batch.map((b) => b.row.id));
    const live = batch.filter((b) => open.has(b.row.id));
    const behind = handle.kind === "postgres" ? await orderKeysWithOlderOpen(tx, live.map((b) => ({ orderKey: keyOf(b), id: b.row.id }))) : new Set<string>();
    const outcomes = new Map<WaitingInbound, InboundOutcome | "duplicate">();
    for (const item of live.filter((b) => behind.has(keyOf(b)))) {
      const channel = channels.get(item.row.channelId)!;
      await processOlderFirst(tx, channel, keyOf(item), item.row.id);
      outcomes.set(item, await applyInboundMessage(tx, channel, item.event));
    }
    const together = live.filter((b) => !behind.has(keyOf(b)));
    const applied = await applyInboundBatch(
      tx,
      together.map((b) => ({ channel: channels.get(b.row.channelId)!, event: b.event })),
    );
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
 * recording), one gate for all, then each status applied as alone (applyStatusEvent) —
 * one transaction and one lock round trip for the batch instead of one per status.
 */
async function statusBatchTransaction(handle: DbHandle, batch: WaitingStatus[]): Promise<ProcessResult[]> {
  const logs: (() => void)[] = [];
  const results = await handle.db.transaction(async (tx) => {
    await lockKeys(tx, handle.kind, batch.map((b) => providerMessageKey(b.row.channelId, b.event.providerMessageId)));
    const open = await markEventsDoneIfOpen(tx, batch.map((b) => b.row.id));
    const out: ProcessResult[] = [];
    for (const item of batch) {
      if (!open.has(item.row.id)) {
        out.push({ id: item.row.id, outcome: "skipped" });
        continue;
      }
      const outcome = await applyStatusEvent(tx, item.row.channelId, item.event);
      logs.push(() => logStatus(item.row.channelId, item.event, outcome));
      out.push({ id: item.row.id, outcome: "processed" });
    }
    return out;
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
