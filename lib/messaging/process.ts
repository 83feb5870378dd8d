import { dbHandle } from "@/db";
import type { DbHandle } from "@/db/client";
import { loadOpenEvents, markEventDone } from "@/db/queries/webhook-events";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "@/lib/channels/types";
import { env } from "@/lib/env";
import { conversationQueue } from "./conversation-turn";
import { conversationKey, providerMessageKey } from "./locks";
import { stageLog } from "./log-lines";
import {
  inboundBatchTransaction,
  processBatch,
  processOne,
  statusBatchTransaction,
  type EventRow,
  type ProcessResult,
  type Waiting,
} from "./process-event";
import { Semaphore } from "./semaphore";
import { yieldToIo } from "./yield";

/**
 * When webhook events are processed: one FIFO per conversation (per provider message for
 * statuses), a few processing slots, and batching of whatever piles up while a slot is
 * busy. What processing an event or a batch does is in process-event.ts.
 */
export { MAX_EVENT_ATTEMPTS, processingBatchStats, type ProcessResult } from "./process-event";

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

/** An event this process stored, in the parsed form processing needs (kept so it is not read back). */
export interface RememberedEvent {
  id: number;
  channelId: string | null;
  event: NormalizedEvent;
}

export function rememberEvents(events: RememberedEvent[]): void {
  if (hints.size > MAX_HINTS) hints.clear();
  for (const e of events) if (e.channelId) hints.set(e.id, { key: queueKey(e.channelId, e.event, e.id), channelId: e.channelId, event: e.event });
}

/** The remembered events among `ids`, forgotten here: another thread processes them (worker-protocol.ts). */
export function takeRemembered(ids: readonly number[]): RememberedEvent[] {
  const taken: RememberedEvent[] = [];
  for (const id of ids) {
    const hint = hints.get(id);
    if (!hint) continue;
    hints.delete(id);
    taken.push({ id, channelId: hint.channelId, event: hint.event });
  }
  return taken;
}

function processRow(handle: DbHandle, row: EventRow, event: NormalizedEvent): Promise<ProcessResult> {
  if (event.kind === "message") return inboundBatcher.submit({ handle, row, event });
  if (event.kind === "status") return statusBatcher.submit({ handle, row, event });
  return slots().run(() => processOne(handle, row, event));
}

/**
 * The most events one processing transaction takes. Under a backlog, throughput is about
 * this many events per batch transaction's round trips. Full 500 msg/s runs, alternating:
 * 64 → 410–441 replies/s (E2E p99 3.6–5.0 s), 128 → 482–484 (1.5–1.7 s), 192 → 494–495
 * (1.1–1.9 s); the ack p99 62–89 ms, 85–102 ms and 139–158 ms: a larger batch holds the
 * event loop longer between yields. 128 keeps up nearly as well for a little more ack tail.
 */
const MAX_BATCH = 128;

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

function queueKey(channelId: string, event: NormalizedEvent, id: number): string {
  if (event.kind === "message") return conversationKey(channelId, event.from);
  if (event.kind === "status") return providerMessageKey(channelId, event.providerMessageId);
  return `event:${id}`;
}
