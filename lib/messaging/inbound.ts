import type { Tx } from "@/db/client";
import { handConversationsToHumans } from "@/db/queries/conversations";
import { pipelined } from "@/db/queries/rows";
import {
  inboundMessageKey,
  insertMessageOnce,
  insertMessages,
  storedInboundKeys,
  upsertContactAndConversation,
  upsertContactsAndConversations,
  type ContactRow,
  type ConversationRow,
  type MessageRow,
  type NewMessageRow,
} from "@/db/queries/messages";
import type { InboundMessage } from "@/lib/channels/types";
import { getBotRunner, type BotContext } from "./bot";
import type { LiveChannel } from "./channel-cache";
import { requestHuman } from "./conversations";
import { enqueueOutbound, noteRow, outboundRow, storeMessages } from "./outbound";
import { windowExpiry } from "./window";

/** Thrown inside the transaction when the message is already stored: roll back, mark the event done. */
export class DuplicateInboundError extends Error {
  constructor(readonly providerMessageId: string) {
    super(`message ${providerMessageId} already stored`);
  }
}

/** Types that are notices rather than the customer writing: they do not open the window. */
const NOT_CUSTOMER_INITIATED = new Set(["system", "unknown"]);

export interface InboundOutcome {
  conversation: ConversationRow;
  contact: ContactRow;
  message: MessageRow;
  isFirstContact: boolean;
  botRan: boolean;
  replies: number;
}

export function inboundPreview(event: InboundMessage): string {
  if (event.text) return event.text;
  if (event.type === "location" && event.location) return event.location.name ?? `📍 ${event.location.latitude}, ${event.location.longitude}`;
  if (event.type === "reaction" && event.reaction) return event.reaction.emoji ? `reacted ${event.reaction.emoji}` : "removed a reaction";
  return `[${event.type}]`;
}

/** The normalized content kept on the row (the provider's raw object stays on the webhook event). */
function storedContent(event: InboundMessage): Record<string, unknown> {
  const { kind: _k, channelKey: _c, raw, providerMessageId: _p, from: _f, timestamp: _t, ...rest } = event;
  return event.type === "unknown" || event.type === "unsupported" ? { ...rest, raw } : rest;
}

function upsertInput(channel: LiveChannel, event: InboundMessage) {
  return {
    channelId: channel.id,
    waId: event.from,
    name: event.contactName,
    preview: inboundPreview(event),
    windowExpiresAt: NOT_CUSTOMER_INITIATED.has(event.type) ? null : windowExpiry(event.timestamp),
  };
}

function inboundRow(channel: LiveChannel, conversationId: string, event: InboundMessage): NewMessageRow {
  return {
    conversationId,
    channelId: channel.id,
    direction: "in",
    senderKind: "customer",
    type: event.type,
    text: event.text ?? null,
    content: storedContent(event),
    providerMessageId: event.providerMessageId,
    providerTimestamp: event.timestamp,
    status: "received",
    error: event.errors?.[0] ?? null,
  };
}

function botContext(
  channel: LiveChannel,
  stored: { contact: ContactRow & { inserted: boolean }; conversation: ConversationRow; message: MessageRow },
  event: InboundMessage,
  effects: Pick<BotContext, "reply" | "requestHuman" | "note">,
): BotContext {
  const { inserted, ...contact } = stored.contact;
  return {
    channel: { id: channel.id, provider: channel.provider, name: channel.name, settings: channel.settings },
    conversation: stored.conversation,
    contact,
    message: stored.message,
    event,
    isFirstContact: inserted,
    ...effects,
  };
}

/**
 * One customer message, inside the processing transaction and under the conversation's
 * lock: contact and conversation upserted, the message stored once (unique on the
 * provider id), the 24-hour window pushed out, then the bot — whose replies are queued
 * in this same transaction.
 */
export async function applyInboundMessage(tx: Tx, channel: LiveChannel, event: InboundMessage): Promise<InboundOutcome> {
  const { contact, conversation } = await upsertContactAndConversation(tx, upsertInput(channel, event));
  const message = await insertMessageOnce(tx, inboundRow(channel, conversation.id, event));
  if (!message) throw new DuplicateInboundError(event.providerMessageId);

  let replies = 0;
  const botRan = conversation.mode === "bot";
  const where = { conversationId: conversation.id, channelId: channel.id };
  const ctx = botContext(channel, { contact, conversation, message }, event, {
    reply: async (content, extras) => {
      await enqueueOutbound(tx, { ...extras, ...where, content, senderKind: "bot" });
      replies++;
    },
    requestHuman: (note) => requestHuman(tx, conversation.id, note),
    note: async (text) => {
      await storeMessages(tx, [noteRow(where, text)]);
    },
  });
  if (botRan) await getBotRunner().onInboundMessage(tx, ctx);
  return { conversation, contact: ctx.contact, message, isFirstContact: ctx.isFirstContact, botRan, replies };
}

/**
 * Which of these customer messages are stored already (keys as applyInboundBatch's
 * `storedAlready`); issued at once, so it can share a round trip (`pipelined`).
 */
export function storedInboundOf(tx: Tx, items: InboundBatchItem[]): Promise<Set<string>> {
  return storedInboundKeys(
    tx,
    items.map((i) => ({ channelId: i.channel.id, providerMessageId: i.event.providerMessageId })),
  );
}

export interface InboundBatchItem {
  channel: LiveChannel;
  event: InboundMessage;
}

/**
 * Several customer messages, each of a different conversation, in one transaction that
 * holds all their conversations' locks: the same rows and bot effects as
 * `applyInboundMessage` for each, with a few multi-row statements for the whole batch
 * (the contacts and conversations, the messages, the bot's sessions, steps and jobs, the
 * replies) instead of a dozen per message. Answers per item, in order: the outcome, or
 * "duplicate" when that message is stored already (it then changes nothing).
 */
export async function applyInboundBatch(tx: Tx, items: InboundBatchItem[], storedAlready?: Set<string>): Promise<(InboundOutcome | "duplicate")[]> {
  if (items.length === 0) return [];
  const stored = storedAlready ?? (await storedInboundOf(tx, items));
  const fresh = items.filter((i) => !stored.has(inboundMessageKey(i.channel.id, i.event.providerMessageId)));
  if (fresh.length === 0) return items.map(() => "duplicate");
  const upserted = await upsertContactsAndConversations(
    tx,
    fresh.map((i) => upsertInput(i.channel, i.event)),
  );
  const runner = getBotRunner();
  const botConversations = upserted.filter((u) => u.conversation.mode === "bot").map((u) => u.conversation.id);
  // One round trip: the messages, and what the bot reads for the batch (its sessions).
  const [rows, runTurns] = await pipelined(
    insertMessages(
      tx,
      fresh.map((i, n) => inboundRow(i.channel, upserted[n]!.conversation.id, i.event)),
    ),
    runner.prepareInboundBatch && botConversations.length > 0 ? runner.prepareInboundBatch(tx, botConversations) : null,
  );
  const byKey = new Map(rows.map((r) => [inboundMessageKey(r.channelId, r.providerMessageId), r]));

  // The turns' replies and notes, in the order they were made; handoffs. Written after all turns.
  const written: NewMessageRow[] = [];
  const handoffs = new Set<string>();
  const outcomes = new Map<InboundBatchItem, InboundOutcome>();
  const ctxs: BotContext[] = [];
  fresh.forEach((item, n) => {
    const { contact, conversation } = upserted[n]!;
    const message = byKey.get(inboundMessageKey(item.channel.id, item.event.providerMessageId));
    if (!message) throw new DuplicateInboundError(item.event.providerMessageId);
    const botRan = conversation.mode === "bot";
    const where = { conversationId: conversation.id, channelId: item.channel.id };
    const ctx = botContext(item.channel, { contact, conversation, message }, item.event, {
      reply: async (content, extras) => {
        written.push(outboundRow({ ...extras, ...where, content, senderKind: "bot" }));
        outcome.replies++;
      },
      requestHuman: async (note) => {
        handoffs.add(conversation.id);
        if (note) written.push(noteRow(where, note, "handoff"));
      },
      note: async (text) => {
        written.push(noteRow(where, text));
      },
    });
    const outcome: InboundOutcome = { conversation, contact: ctx.contact, message, isFirstContact: ctx.isFirstContact, botRan, replies: 0 };
    outcomes.set(item, outcome);
    if (botRan) ctxs.push(ctx);
  });

  // A runner without batch support runs each turn alone (ctxs is empty when no conversation is in bot mode).
  const writes = runTurns ? await runTurns(ctxs) : null;
  if (!runTurns) for (const ctx of ctxs) await runner.onInboundMessage(tx, ctx);
  // One round trip: the turns' writes (sessions, steps, timers, contacts), handoffs, replies.
  await pipelined(writes?.flush(tx) ?? null, handoffs.size > 0 ? handConversationsToHumans(tx, [...handoffs]) : null, storeMessages(tx, written));
  return items.map((i) => outcomes.get(i) ?? "duplicate");
}
