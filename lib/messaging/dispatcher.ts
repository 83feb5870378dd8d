import { dbHandle } from "@/db";
import type { Database } from "@/db/client";
import { recordChannelError } from "@/db/queries/channels";
import {
  claimConversationHead,
  recordSendFailure,
  recordSendSuccess,
  scheduleRetry,
  type ClaimedOutbound,
} from "@/db/queries/messages";
import type { MessageError } from "@/db/schema";
import type { SendPorts } from "@/lib/channels/adapter";
import { SendError } from "@/lib/channels/errors";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";
import { backoffDelay } from "./backoff";
import { track } from "./background";
import { liveChannel, type LiveChannel } from "./channel-cache";
import { KeyedQueue } from "./keyed-queue";
import { lockKey, providerMessageKey } from "./locks";
import { outboundFailedLine, outboundRetryLine, outboundSentLine, stageLog } from "./log-lines";
import type { StoredOutboundContent } from "./outbound";
import { RateLimiter } from "./rate-limiter";
import { reduceMessageStatus } from "./statuses";
import { WINDOW_CLOSED_ERROR, windowRefusal } from "./window";

export interface DispatcherOptions {
  /** The HTTP port handed to adapters (tests inject a fake). */
  fetch: typeof fetch;
  timeoutMs: number;
  /** The app's own origin, for the sandbox's mock Graph API; default PUBLIC_URL. */
  appUrl?: string;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Attempts before a retryable error becomes a permanent failure. */
  maxAttempts: number;
  /** How long a claimed row is ours before another instance may try it. */
  leaseMs: number;
  random: () => number;
}

const DEFAULTS: DispatcherOptions = {
  fetch: (...args) => globalThis.fetch(...args),
  timeoutMs: 15_000,
  backoffBaseMs: 1_000,
  backoffCapMs: 5 * 60_000,
  maxAttempts: 8,
  leaseMs: 60_000,
  random: Math.random,
};

type Outcome = "sent" | "retry" | "failed";

/**
 * Sends queued outbound messages. One drain loop per conversation at a time (KeyedQueue),
 * always taking the head of that conversation's queue, so replies leave in the order they
 * were written even across retries and instances. Rate-limited per channel; retryable
 * errors go back to `queued` with exponential backoff and jitter; permanent ones are
 * stored with code and title.
 */
export class Dispatcher {
  private readonly queue = new KeyedQueue();
  private readonly waiting = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly limiter = new RateLimiter();
  options: DispatcherOptions;

  constructor(options: Partial<DispatcherOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Something was queued (or became due) in this conversation. Cheap to call often. */
  kick(conversationId: string): Promise<void> {
    // A drain that has not started yet will see whatever was committed before it runs.
    if (this.waiting.has(conversationId)) return Promise.resolve();
    this.waiting.add(conversationId);
    return track(
      this.queue
        .run(conversationId, async () => {
          this.waiting.delete(conversationId);
          await this.drain(conversationId);
        })
        .catch((err) => stageLog.error({ err, conversationId }, "outbound dispatch failed")),
    );
  }

  /** Stops retry timers (tests, shutdown). */
  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async drain(conversationId: string): Promise<void> {
    const { db, kind } = await dbHandle();
    for (;;) {
      const claimed = await claimConversationHead(db, conversationId, this.options.leaseMs);
      // Nothing due: empty, in backoff (its timer is set) or in flight elsewhere (the sweeper covers a crash).
      if (!claimed) return;
      const outcome = await this.sendOne(db, kind, claimed);
      if (outcome === "retry") return;
    }
  }

  private async sendOne(db: Database, kind: "postgres" | "pglite", claimed: ClaimedOutbound): Promise<Outcome> {
    const { message, waId } = claimed;
    const channel = await liveChannel(db, message.channelId);
    const { replyTo, ...content } = message.content as StoredOutboundContent;

    if (!channel) return this.fail(db, null, waId, message.id, { code: "channel_unavailable", title: "Channel unavailable", details: "The channel's configuration cannot be read." });
    if (channel.status !== "active") return this.fail(db, channel, waId, message.id, { code: "channel_disabled", title: "Channel disabled", details: "Enable the channel to send." });
    if (windowRefusal(content, claimed.windowExpiresAt)) return this.fail(db, channel, waId, message.id, WINDOW_CLOSED_ERROR);

    await this.limiter.take(channel.id, channel.settings.rateLimitPerSecond ?? env().CHANNEL_RATE_LIMIT);
    const ports: SendPorts = { fetch: this.options.fetch, timeoutMs: this.options.timeoutMs, appUrl: this.options.appUrl ?? env().publicUrl };
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await channel.adapter.send(channel.config, { to: waId, content, callbackData: message.id, replyTo }, ports));
    } catch (err) {
      const error = toSendError(err);
      const stored = toMessageError(error);
      if (error.retryable && message.attempts < this.options.maxAttempts) {
        const delay = backoffDelay(message.attempts, { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs, random: this.options.random });
        await scheduleRetry(db, message.id, delay, stored);
        this.retryLater(message.conversationId, delay);
        metrics.messagesSent.inc({ provider: channel.provider, result: "retry" });
        stageLog.warn({ messageId: message.id, attempt: message.attempts }, outboundRetryLine(waId, message.attempts, this.options.maxAttempts, delay, stored.code, stored.title));
        return "retry";
      }
      return this.fail(db, channel, waId, message.id, stored, error.httpStatus !== undefined || error.retryable);
    }

    await withRetries(() =>
      db.transaction(async (tx) => {
        await lockKey(tx, kind, providerMessageKey(channel.id, providerMessageId));
        const { adopted } = await recordSendSuccess(tx, { messageId: message.id, channelId: channel.id, providerMessageId });
        if (adopted > 0) await reduceMessageStatus(tx, message.id);
      }),
    );
    metrics.messagesSent.inc({ provider: channel.provider, result: "accepted" });
    stageLog.info({ messageId: message.id, providerMessageId }, outboundSentLine(waId, message.text ?? content.type));
    return "sent";
  }

  private async fail(db: Database, channel: LiveChannel | null, waId: string, messageId: string, error: MessageError, channelProblem = false): Promise<Outcome> {
    await recordSendFailure(db, messageId, error);
    if (channel && channelProblem) await recordChannelError(db, channel.id, `${error.code} ${error.title}`);
    if (channel) metrics.messagesSent.inc({ provider: channel.provider, result: "failed" });
    stageLog.warn({ messageId, error }, outboundFailedLine(waId, error.code, error.title));
    return "failed";
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

function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  return new SendError({ code: "internal", title: "Unexpected error while sending", retryable: true, details: err instanceof Error ? err.message : String(err), cause: err });
}

function toMessageError(err: SendError): MessageError {
  return { code: err.code, title: err.title, ...(err.details ? { details: err.details } : {}), ...(err.message && err.message !== `${err.code}: ${err.title}` ? { message: err.message } : {}) };
}

/** The provider accepted the message: recording that must not be lost to a blip, or the sweeper would send it again. */
async function withRetries<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
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
