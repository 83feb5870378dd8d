import { dbHandle } from "@/db";
import type { Database, DbHandle } from "@/db/client";
import { recordChannelError } from "@/db/queries/channels";
import {
  claimConversationHeads,
  recordSendFailure,
  recordSendSuccesses,
  scheduleRetry,
  type ClaimedOutbound,
} from "@/db/queries/outbound";
import { pipelined } from "@/db/queries/rows";
import type { MessageError } from "@/db/schema";
import type { ProviderPost, SendPorts } from "@/lib/channels/adapter";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";
import { backoffDelay } from "./backoff";
import { track } from "./background";
import { liveChannel, type LiveChannel } from "./channel-cache";
import { lockKeys, providerMessageKey } from "./locks";
import { plainFetch } from "./plain-fetch";
import { providerPost } from "./provider-post";
import { outboundFailedLine, outboundRetryLine, outboundSentLine, stageLog } from "./log-lines";
import type { StoredOutboundContent } from "./outbound";
import { RateLimiter } from "./rate-limiter";
import { recordingDeadline, withRetries } from "./recording-retry";
import { sendInDoubt, toMessageError, toSendError } from "./send-errors";
import { reduceMessageStatus } from "./statuses";
import { WINDOW_CLOSED_ERROR, windowRefusal } from "./window";
import { isUuid } from "@/lib/uuid";

export interface DispatcherOptions {
  /** The HTTP port handed to adapters (tests inject a fake). */
  fetch: typeof fetch;
  /** The lean client used instead of `fetch` (undici's request); left out when a test injects `fetch`. */
  post?: ProviderPost;
  timeoutMs: number;
  /** The app's own origin, for the sandbox's mock Graph API; default PUBLIC_URL. */
  appUrl?: string;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Attempts before a retryable error becomes a permanent failure. */
  maxAttempts: number;
  /** How long a claimed row is ours before another instance may try it. */
  leaseMs: number;
  /**
   * The least wait before retrying a send whose fate is unknown (timed out, or the
   * connection broke after the request went out): the provider may have taken it, and its
   * status webhook, which echoes our message id, then settles the row (statuses.ts) so
   * the retry finds nothing to send. WhatsApp's send API has no idempotency key.
   */
  inDoubtRetryMs: number;
  random: () => number;
}

const DEFAULTS: DispatcherOptions = {
  fetch: plainFetch,
  post: providerPost,
  timeoutMs: 15_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 5 * 60_000,
  maxAttempts: 8,
  leaseMs: 60_000,
  inDoubtRetryMs: 10_000,
  random: Math.random,
};

/** Conversations claimed in one statement, at most. */
const CLAIM_BATCH = 64;
/** Accepted sends recorded in one transaction, at most. */
const RECORD_BATCH = 128;


/** A send the provider accepted, waiting to be recorded. */
interface AcceptedSend {
  claimed: ClaimedOutbound;
  channel: LiveChannel;
  providerMessageId: string;
  /** What the sent line shows. */
  label: string;
  /** Recording is retried until then: shortly before the claim's lease runs out (see withRetries). */
  deadline: number;
}

/**
 * Sends queued outbound messages, always the head of a conversation's queue and at most
 * one per conversation at a time (here, and across instances through the claim's lease),
 * so replies leave in the order they were written even across retries and instances.
 * Rate-limited per channel; retryable errors go back to `queued` with exponential backoff
 * and jitter; permanent ones are stored with code and title.
 *
 * The database work is batched across conversations, in two stages that each run one
 * statement or transaction at a time: kicked conversations are claimed together (one
 * UPDATE for up to CLAIM_BATCH heads), their messages sent concurrently, and the sends the
 * provider accepted recorded together (one transaction for up to RECORD_BATCH). A stage
 * that is idle starts at once — a lone kick is claimed, sent and recorded without waiting
 * — so batches form only from work that piles up while the previous statement runs. A
 * conversation whose message went out (or failed for good) is claimed again in a later
 * batch, for its next message.
 */
export class Dispatcher {
  /** Kicked and not busy: claimed in the next batch. Insertion order, so first come first claimed. */
  private readonly pending = new Set<string>();
  /** Being claimed, sent or recorded by this dispatcher. */
  private readonly busy = new Set<string>();
  /** Busy conversations kicked again: they go back to pending when their turn ends. */
  private readonly kickedAgain = new Set<string>();
  /** Kick callers waiting for their conversation to be idle (neither pending nor busy). */
  private readonly waiters = new Map<string, (() => void)[]>();
  /** Claimed as stored (adopt) while this dispatcher was still busy with the conversation: sent when its turn ends. */
  private readonly adopted = new Map<string, { claimed: ClaimedOutbound; claimedAt: number }>();
  private claiming = false;
  private claimSoon = false;
  private readonly accepted: AcceptedSend[] = [];
  private recording = false;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly limiter = new RateLimiter();
  options: DispatcherOptions;

  constructor(options: Partial<DispatcherOptions> = {}) {
    // An injected fetch (tests) is what gets called: the lean default client steps aside.
    this.options = { ...DEFAULTS, ...(options.fetch && !options.post ? { post: undefined } : {}), ...options };
  }

  /**
   * Something was queued (or became due) in this conversation. Cheap to call often. The
   * promise resolves once the conversation is idle here again: nothing more due, a retry
   * scheduled, or its dispatch failed (logged; the sweeper picks it up).
   */
  kick(id: string): Promise<void> {
    if (!isUuid(id)) {
      stageLog.error({ conversationId: id }, "outbound dispatch failed: not a conversation id");
      return Promise.resolve();
    }
    // As the database spells it: claimed rows are matched back to their conversation by it.
    const conversationId = id.toLowerCase();
    const idle = new Promise<void>((resolve) => {
      const list = this.waiters.get(conversationId);
      if (list) list.push(resolve);
      else this.waiters.set(conversationId, [resolve]);
    });
    // A claim that has not started yet sees whatever was committed before it runs; a busy
    // conversation is claimed again when its turn ends.
    if (this.busy.has(conversationId)) this.kickedAgain.add(conversationId);
    else this.pending.add(conversationId);
    this.pump();
    return idle;
  }

  /**
   * A message its transaction claimed as it stored it (storeMessages), now committed: sent
   * without a claim statement. If this dispatcher is still busy with the conversation (its
   * previous message's recording has committed but not returned yet), it goes when that
   * turn ends, so a conversation still has one message in flight at a time.
   */
  adopt(claimed: ClaimedOutbound, claimedAt: number): void {
    // A stored row: its id is spelled as the database spells it, like kick's keys.
    const conversationId = claimed.message.conversationId;
    if (this.busy.has(conversationId)) {
      this.adopted.set(conversationId, { claimed, claimedAt });
      return;
    }
    // A kick waiting for a claim would find this row leased: the send covers it.
    this.pending.delete(conversationId);
    this.busy.add(conversationId);
    void track(this.sendAdopted(claimed, claimedAt));
  }

  private async sendAdopted(claimed: ClaimedOutbound, claimedAt: number): Promise<void> {
    let db: Database;
    try {
      ({ db } = await dbHandle());
    } catch (err) {
      // Still queued under its lease: the sweeper sends it once the lease runs out.
      stageLog.error({ err, conversationId: claimed.message.conversationId }, "outbound dispatch failed");
      return this.release(claimed.message.conversationId, false);
    }
    await this.send(db, claimed, claimedAt);
  }

  /** Stops retry timers (tests, shutdown). */
  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * Claims the next batch, unless a claim is running (its end calls this again). The
   * claim starts after the current synchronous run, so the kicks a commit makes in a loop
   * (dispatchAfterCommit: one per conversation of a processing batch) share one claim
   * instead of the first going alone.
   */
  private pump(): void {
    if (this.claiming || this.claimSoon || this.pending.size === 0) return;
    this.claimSoon = true;
    // Tracked like the claim itself, so a drain that starts now waits for it.
    void track(
      Promise.resolve().then(() => {
        this.claimSoon = false;
        this.claimNext();
      }),
    );
  }

  private claimNext(): void {
    if (this.claiming || this.pending.size === 0) return;
    const batch: string[] = [];
    for (const id of this.pending) {
      batch.push(id);
      if (batch.length === CLAIM_BATCH) break;
    }
    for (const id of batch) {
      this.pending.delete(id);
      this.busy.add(id);
    }
    this.claiming = true;
    // Tracked (and every send and recording below), so tests and shutdown wait for them.
    void track(
      this.claim(batch).finally(() => {
        this.claiming = false;
        this.pump();
      }),
    );
  }

  /** The end of a conversation's turn: back to pending (`again`, or kicked meanwhile) or idle. */
  private release(conversationId: string, again: boolean): void {
    const next = this.adopted.get(conversationId);
    if (next) {
      // Still busy: the message claimed meanwhile goes now; a kick meanwhile waits for its end.
      this.adopted.delete(conversationId);
      void track(this.sendAdopted(next.claimed, next.claimedAt));
      return;
    }
    this.busy.delete(conversationId);
    const kicked = this.kickedAgain.delete(conversationId);
    if (again || kicked) {
      this.pending.add(conversationId);
      this.pump();
      return;
    }
    const waiting = this.waiters.get(conversationId);
    if (!waiting) return;
    this.waiters.delete(conversationId);
    for (const resolve of waiting) resolve();
  }

  private async claim(batch: string[]): Promise<void> {
    let handle: DbHandle;
    let claimed: ClaimedOutbound[];
    let claimedAt: number;
    try {
      handle = await dbHandle();
      claimedAt = Date.now();
      claimed = await claimConversationHeads(handle.db, batch, this.options.leaseMs);
    } catch (err) {
      // Nothing was claimed, or a lease was taken and will run out: the sweeper picks them up.
      stageLog.error({ err, conversationIds: batch }, "outbound dispatch failed");
      for (const id of batch) this.release(id, false);
      return;
    }
    const heads = new Map(claimed.map((c) => [c.message.conversationId, c]));
    for (const id of batch) {
      const head = heads.get(id);
      // Nothing due: empty, in backoff (its timer is set) or in flight elsewhere (the sweeper covers a crash).
      if (head) void track(this.send(handle.db, head, claimedAt));
      else this.release(id, false);
    }
  }

  /** One claimed message: checks, the rate limit, the provider call; an accepted send goes on to be recorded. */
  private async send(db: Database, claimed: ClaimedOutbound, claimedAt: number): Promise<void> {
    const { message, waId } = claimed;
    const conversationId = message.conversationId;
    try {
      const channel = await liveChannel(db, message.channelId);
      const { replyTo, ...content } = message.content as StoredOutboundContent;

      // A message failed for good: the conversation's next one may go (claimed in a following batch).
      if (!channel) return await this.fail(db, null, waId, message, { code: "channel_unavailable", title: "Channel unavailable", details: "The channel's configuration cannot be read." });
      if (channel.status !== "active") return await this.fail(db, channel, waId, message, { code: "channel_disabled", title: "Channel disabled", details: "Enable the channel to send." });
      if (windowRefusal(content, claimed.windowExpiresAt)) return await this.fail(db, channel, waId, message, WINDOW_CLOSED_ERROR);

      await this.limiter.take(channel.id, channel.settings.rateLimitPerSecond ?? env().CHANNEL_RATE_LIMIT);
      const ports: SendPorts = { fetch: this.options.fetch, post: this.options.post, timeoutMs: this.options.timeoutMs, appUrl: this.options.appUrl ?? env().publicUrl };
      let providerMessageId: string;
      try {
        ({ providerMessageId } = await channel.adapter.send(channel.config, { to: waId, content, callbackData: message.id, replyTo }, ports));
      } catch (err) {
        const error = toSendError(err);
        const stored = toMessageError(error);
        if (error.retryable && message.attempts < this.options.maxAttempts) {
          const backoff = backoffDelay(message.attempts, { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs, random: this.options.random });
          const delay = sendInDoubt(error) ? Math.max(backoff, this.options.inDoubtRetryMs) : backoff;
          await scheduleRetry(db, message.id, delay, stored);
          this.retryLater(conversationId, delay);
          metrics.messagesSent.inc({ provider: channel.provider, result: "retry" });
          stageLog.warn({ messageId: message.id, attempt: message.attempts }, outboundRetryLine(waId, message.attempts, this.options.maxAttempts, delay, stored.code, stored.title));
          return this.release(conversationId, false);
        }
        return await this.fail(db, channel, waId, message, stored, error.httpStatus !== undefined || error.retryable);
      }
      this.accepted.push({ claimed, channel, providerMessageId, label: message.text ?? content.type, deadline: recordingDeadline(claimedAt, this.options.leaseMs) });
      this.record();
    } catch (err) {
      // The row stays queued under its lease (or its backoff): the sweeper takes it up.
      stageLog.error({ err, conversationId }, "outbound dispatch failed");
      this.release(conversationId, false);
    }
  }

  /** Records the accepted sends waiting, unless a recording is running (its end calls this again). */
  private record(): void {
    if (this.recording || this.accepted.length === 0) return;
    this.recording = true;
    const batch = this.accepted.splice(0, RECORD_BATCH);
    void track(
      this.recordBatch(batch).finally(() => {
        this.recording = false;
        this.record();
      }),
    );
  }

  /**
   * One transaction for the batch: the provider ids' advisory locks (they serialize with
   * status webhooks for those ids; sorted, so batches never deadlock), one statement for
   * every row, then the reducer for rows that adopted early statuses. If it fails, each send
   * is recorded on its own with retries (one bad row never holds up the others), without
   * holding up the next batch.
   */
  private async recordBatch(batch: AcceptedSend[]): Promise<void> {
    try {
      const { db, kind } = await dbHandle();
      await recordAccepted(db, kind, batch);
    } catch (err) {
      if (batch.length > 1) stageLog.warn({ err, messageIds: batch.map((a) => a.claimed.message.id) }, `recording ${batch.length} accepted sends failed; recording them one by one`);
      for (const item of batch) void track(this.recordAlone(item));
      return;
    }
    for (const item of batch) this.recorded(item);
  }

  private async recordAlone(item: AcceptedSend): Promise<void> {
    try {
      await withRetries(async () => {
        const { db, kind } = await dbHandle();
        await recordAccepted(db, kind, [item]);
      }, item.deadline);
    } catch (err) {
      // Still queued under its lease: it is sent again when the lease runs out (the sweeper).
      stageLog.error({ err, conversationId: item.claimed.message.conversationId, messageId: item.claimed.message.id }, "outbound dispatch failed");
      this.release(item.claimed.message.conversationId, false);
      return;
    }
    this.recorded(item);
  }

  private recorded({ claimed, channel, providerMessageId, label }: AcceptedSend): void {
    metrics.messagesSent.inc({ provider: channel.provider, result: "accepted" });
    stageLog.info({ messageId: claimed.message.id, providerMessageId }, outboundSentLine(claimed.waId, label));
    // Its next message, if any, is claimed in a following batch.
    this.release(claimed.message.conversationId, true);
  }

  /** Stores a permanent failure; the conversation's next message, if any, is claimed in a following batch. */
  private async fail(db: Database, channel: LiveChannel | null, waId: string, message: ClaimedOutbound["message"], error: MessageError, channelProblem = false): Promise<void> {
    await recordSendFailure(db, message.id, error);
    if (channel && channelProblem) await recordChannelError(db, channel.id, `${error.code} ${error.title}`);
    if (channel) metrics.messagesSent.inc({ provider: channel.provider, result: "failed" });
    stageLog.warn({ messageId: message.id, error }, outboundFailedLine(waId, error.code, error.title));
    this.release(message.conversationId, true);
  }

  private retryLater(conversationId: string, delayMs: number): void {
    const previous = this.timers.get(conversationId);
    if (previous) clearTimeout(previous);
    const timer = setTimeout(() => {
      this.timers.delete(conversationId);
      void this.kick(conversationId);
    }, delayMs + 5);
    timer.unref?.();
    this.timers.set(conversationId, timer);
  }
}

/** The recording transaction for accepted sends (see Dispatcher.recordBatch). */
async function recordAccepted(db: Database, kind: DbHandle["kind"], batch: readonly AcceptedSend[]): Promise<void> {
  await db.transaction(async (tx) => {
    // One round trip: the server runs the update once it holds the locks.
    const [, adopted] = await pipelined(
      lockKeys(
        tx,
        kind,
        batch.map((a) => providerMessageKey(a.channel.id, a.providerMessageId)),
      ),
      recordSendSuccesses(
        tx,
        batch.map((a) => ({ messageId: a.claimed.message.id, channelId: a.channel.id, providerMessageId: a.providerMessageId })),
      ),
    );
    for (const messageId of adopted) await reduceMessageStatus(tx, messageId);
  });
}

const g = globalThis as unknown as { __tickflowDispatcher?: Dispatcher };

export function getDispatcher(): Dispatcher {
  return (g.__tickflowDispatcher ??= new Dispatcher());
}

/** Replaces the process's dispatcher (tests inject a fake fetch and short backoff). */
export function configureDispatcher(options: Partial<DispatcherOptions> = {}): Dispatcher {
  g.__tickflowDispatcher?.stop();
  g.__tickflowDispatcher = new Dispatcher(options);
  return g.__tickflowDispatcher;
}
