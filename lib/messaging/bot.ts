import type { Tx } from "@/db/client";
import type { ContactRow, ConversationRow, MessageRow } from "@/db/queries/messages";
import type { ChannelSettings } from "@/db/schema";
import type { InboundMessage, Provider } from "@/lib/channels/types";
import type { OutboundContent } from "@/lib/channels/content";
import type { OutboundExtras } from "./outbound";

/** What the bot knows about the channel (never its credentials). */
export interface BotChannel {
  id: string;
  provider: Provider;
  name: string;
  settings: ChannelSettings;
}

export interface BotContext {
  channel: BotChannel;
  /** After this message's update: mode, window, unread count. */
  conversation: ConversationRow;
  contact: ContactRow;
  /** The stored inbound row. */
  message: MessageRow;
  /** The normalized event (interactive reply ids, location, media…). */
  event: InboundMessage;
  /** The contact wrote for the first time ever on this channel. */
  isFirstContact: boolean;
  /** Queue a reply in this transaction; it is sent right after commit, in order. */
  reply(content: OutboundContent, extras?: OutboundExtras): Promise<void>;
  /** Hand the conversation to a human (mode `human`, needs-human queue), with an optional note. */
  requestHuman(note?: string): Promise<void>;
  /** A visible note in the conversation (flow errors), never sent; in order with the replies. */
  note(text: string): Promise<void>;
}

/**
 * The logic stage. Called inside the inbound message's transaction, under the
 * conversation's lock, only while the conversation is in `bot` mode. Everything it
 * writes (session state, outbound rows via `ctx.reply` / `enqueueOutbound(tx, …)`,
 * handoff via `requestHuman(tx, …)`) commits or rolls back with the message itself.
 * Use `tx` for every query: on PGlite a query through another handle inside the
 * transaction deadlocks. Throwing rolls the whole event back; it is retried with backoff.
 */
export interface BotRunner {
  onInboundMessage(tx: Tx, ctx: BotContext): Promise<void>;
  /**
   * Several conversations' messages (one each) in one transaction, each under its
   * conversation's lock: the same effects as `onInboundMessage` for each, in order,
   * written with a few multi-row statements. Optional: without it each runs alone.
   * Throwing rolls the whole batch back; its messages are then processed one by one.
   *
   * In steps, so the caller can send each step's statements with its own (one round trip
   * each, `pipelined`): this call issues the batch's reads for these conversations (it
   * is called with the statement storing the messages); the function it answers runs the
   * turns, given the contexts in the same order, and answers the writes, which the caller
   * flushes together with the replies.
   */
  prepareInboundBatch?(tx: Tx, conversationIds: string[]): Promise<InboundBatchTurns>;
}

/** A batch's writes, held until the caller flushes them (with the replies, in one round trip). */
export interface InboundBatchWrites {
  flush(tx: Tx): Promise<void>;
}

export type InboundBatchTurns = (ctxs: BotContext[]) => Promise<InboundBatchWrites>;

export const noopBotRunner: BotRunner = { onInboundMessage: async () => {} };

const g = globalThis as unknown as { __tickflowBotRunner?: BotRunner };

/** The flow engine plugs itself in here at start-up. */
export function setBotRunner(runner: BotRunner | null): void {
  g.__tickflowBotRunner = runner ?? noopBotRunner;
}

export function getBotRunner(): BotRunner {
  return g.__tickflowBotRunner ?? noopBotRunner;
}
