import { dbHandle } from "@/db";
import type { DbHandle } from "@/db/client";
import { recordChannelError } from "@/db/queries/channels";
import { loadOpenEvents, markEventDone, markEventDoneIfOpen, markEventRetry } from "@/db/queries/webhook-events";
import { normalizedEventSchema, type InboundMessage, type NormalizedEvent, type StatusUpdate } from "@/lib/channels/types";
import { backoffDelay } from "./backoff";
import { liveChannel, type LiveChannel } from "./channel-cache";
import { applyInboundMessage, DuplicateInboundError, inboundPreview } from "./inbound";
import { conversationQueue } from "./conversation-turn";
import { Semaphore } from "./semaphore";
import { env } from "@/lib/env";
import { conversationKey, providerMessageKey } from "./locks";
import { inboundLine, logicLine, stageLog, statusLine } from "./log-lines";
import { transactionWithDispatch } from "./outbound";
import { applyStatusEvent } from "./statuses";

/** Attempts before an event that keeps failing is parked as `failed` (kept, visible, never lost). */
export const MAX_EVENT_ATTEMPTS = 5;

const g = globalThis as unknown as { __tickflowProcessingSlots?: Semaphore };
/** Per-conversation (and per-message for statuses) FIFO across every caller in this process. */
const queue = conversationQueue();
/**
 * Processing transactions hold a pooled connection for the whole bot run; capping them
 * below the pool size keeps connections free for the webhook answer (its one INSERT).
 * Created on first use: the environment is read at run time, never while Next builds.
 */
const slots = () => (g.__tickflowProcessingSlots ??= new Semaphore(Math.max(1, env().DATABASE_POOL_SIZE - 3)));

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

function processRow(handle: DbHandle, row: { id: number; attempts: number; channelId: string }, event: NormalizedEvent): Promise<ProcessResult> {
  return slots().run(() => processOne(handle, row, event));
}

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
      await markEventDone(db, row.id, "duplicate message");
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

async function processInbound(handle: DbHandle, id: number, channel: LiveChannel, event: InboundMessage): Promise<ProcessResult> {
  const lock = handle.kind === "postgres" ? conversationKey(channel.id, event.from) : undefined;
  const outcome = await transactionWithDispatch(handle.db, async (tx) => {
    if (!(await markEventDoneIfOpen(tx, id, lock))) return null;
    return applyInboundMessage(tx, channel, event);
  });
  if (!outcome) return { id, outcome: "skipped" };
  stageLog.info({ channelId: channel.id, messageId: outcome.message.id, providerMessageId: event.providerMessageId }, inboundLine(event.type, event.from, inboundPreview(event)));
  if (outcome.replies > 0) stageLog.info({ conversationId: outcome.conversation.id }, logicLine(event.from, outcome.replies));
  return { id, outcome: "processed" };
}

async function processStatus(handle: DbHandle, id: number, channel: LiveChannel, event: StatusUpdate): Promise<ProcessResult> {
  const lock = handle.kind === "postgres" ? providerMessageKey(channel.id, event.providerMessageId) : undefined;
  const outcome = await handle.db.transaction(async (tx) => {
    if (!(await markEventDoneIfOpen(tx, id, lock))) return null;
    return applyStatusEvent(tx, channel.id, event);
  });
  if (!outcome) return { id, outcome: "skipped" };
  const line = statusLine(event.status, event.recipient, event.providerMessageId);
  if (outcome.recorded) stageLog.info({ channelId: channel.id, messageId: outcome.messageId, error: event.error }, event.error ? `${line} | ${event.error.code} ${event.error.title}` : line);
  else stageLog.debug({ channelId: channel.id }, `${line} (repeat)`);
  return { id, outcome: "processed" };
}
