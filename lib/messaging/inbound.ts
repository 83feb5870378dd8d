import type { Tx } from "@/db/client";
import { insertMessageOnce, upsertContact, upsertConversationForInbound, type ContactRow, type ConversationRow, type MessageRow } from "@/db/queries/messages";
import type { InboundMessage } from "@/lib/channels/types";
import { getBotRunner, type BotContext } from "./bot";
import type { LiveChannel } from "./channel-cache";
import { enqueueOutbound } from "./outbound";
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

/**
 * One customer message, inside the processing transaction and under the conversation's
 * lock: contact and conversation upserted, the message stored once (unique on the
 * provider id), the 24-hour window pushed out, then the bot — whose replies are queued
 * in this same transaction.
 */
export async function applyInboundMessage(tx: Tx, channel: LiveChannel, event: InboundMessage): Promise<InboundOutcome> {
  const contact = await upsertContact(tx, { channelId: channel.id, waId: event.from, name: event.contactName });
  const opensWindow = !NOT_CUSTOMER_INITIATED.has(event.type);
  const conversation = await upsertConversationForInbound(tx, {
    channelId: channel.id,
    contactId: contact.id,
    preview: inboundPreview(event),
    windowExpiresAt: opensWindow ? windowExpiry(event.timestamp) : null,
  });
  const message = await insertMessageOnce(tx, {
    conversationId: conversation.id,
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
  });
  if (!message) throw new DuplicateInboundError(event.providerMessageId);

  const { inserted, ...contactRow } = contact;
  let replies = 0;
  const botRan = conversation.mode === "bot";
  if (botRan) {
    const ctx: BotContext = {
      channel: { id: channel.id, provider: channel.provider, name: channel.name, settings: channel.settings },
      conversation,
      contact: contactRow,
      message,
      event,
      isFirstContact: inserted,
      reply: async (content, extras) => {
        const [row] = await enqueueOutbound(tx, { ...extras, conversationId: conversation.id, channelId: channel.id, content, senderKind: "bot" });
        replies++;
        return row!;
      },
    };
    await getBotRunner().onInboundMessage(tx, ctx);
  }
  return { conversation, contact: contactRow, message, isFirstContact: inserted, botRan, replies };
}
