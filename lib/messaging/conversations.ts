import { z } from "zod";
import { dbHandle } from "@/db";
import type { Database, Queryable } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { listConversationRows, listMessageRows, updateConversation } from "@/db/queries/conversations";
import { findConversationWithContact, statusEventsOfMessages, type ContactRow, type ConversationRow, type StatusEventRow } from "@/db/queries/messages";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { liveChannel } from "./channel-cache";
import { conversationKey, lockKey } from "./locks";
import { enqueueOutbound, transactionWithDispatch } from "./outbound";
import { toMessageView, type MessageView } from "./views";
import { isWindowOpen, windowRefusal } from "./window";

export const conversationListQuery = z.object({
  channelId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const messageListQuery = z.object({
  /** From a previous answer's nextCursor: older messages. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const agentMessageSchema = z.object({ text: z.string().trim().min(1, "Write a message").max(4096) });

export interface ConversationView {
  id: string;
  channelId: string;
  contact: { id: string; waId: string; name: string | null };
  mode: ConversationRow["mode"];
  needsHuman: boolean;
  assignedUserId: string | null;
  lastMessageAt: Date | null;
  lastMessagePreview: string | null;
  lastInboundAt: Date | null;
  unreadCount: number;
  windowExpiresAt: Date | null;
  windowOpen: boolean;
  createdAt: Date;
}

export function toConversationView(conversation: ConversationRow, contact: ContactRow): ConversationView {
  return {
    id: conversation.id,
    channelId: conversation.channelId,
    contact: { id: contact.id, waId: contact.waId, name: contact.name },
    mode: conversation.mode,
    needsHuman: conversation.needsHuman,
    assignedUserId: conversation.assignedUserId,
    lastMessageAt: conversation.lastMessageAt,
    lastMessagePreview: conversation.lastMessagePreview,
    lastInboundAt: conversation.lastInboundAt,
    unreadCount: conversation.unreadCount,
    windowExpiresAt: conversation.windowExpiresAt,
    windowOpen: isWindowOpen(conversation.windowExpiresAt),
    createdAt: conversation.createdAt,
  };
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");

function decodeCursor(cursor: string): { lastMessageAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof id !== "string") throw new Error();
    return { lastMessageAt: date, id };
  } catch {
    throw new ApiError(422, "invalid", "Invalid cursor", [{ path: "cursor", message: "Use the nextCursor of a previous page" }]);
  }
}

export async function listConversations(db: Database, query: z.infer<typeof conversationListQuery>) {
  const rows = await listConversationRows(db, {
    channelId: query.channelId,
    q: query.q || undefined,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toConversationView(r.conversation, r.contact)),
    nextCursor: rows.length > query.limit && last?.conversation.lastMessageAt ? encodeCursor(last.conversation.lastMessageAt, last.conversation.id) : null,
  };
}

export async function getConversation(db: Queryable, id: string) {
  const found = z.uuid().safeParse(id).success ? await findConversationWithContact(db, id) : null;
  if (!found) throw notFound("Conversation");
  return found;
}

export async function listMessages(db: Database, conversationId: string, query: z.infer<typeof messageListQuery>): Promise<{ items: MessageView[]; nextCursor: number | null }> {
  await getConversation(db, conversationId);
  const rows = await listMessageRows(db, conversationId, { beforeSeq: query.cursor, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit).reverse();
  const history = await statusEventsOfMessages(db, page.filter((m) => m.direction === "out").map((m) => m.id));
  const byMessage = new Map<string, StatusEventRow[]>();
  for (const h of history) {
    if (!h.messageId) continue;
    const list = byMessage.get(h.messageId) ?? [];
    list.push(h);
    byMessage.set(h.messageId, list);
  }
  return {
    items: page.map((m) => toMessageView(m, byMessage.get(m.id))),
    nextCursor: rows.length > query.limit ? (page[0]?.seq ?? null) : null,
  };
}

type Actor = Pick<CurrentUser, "id" | "via">;
const actorOf = (actor: Actor) => ({ actorKind: actor.via === "token" ? ("token" as const) : ("user" as const), actorId: actor.id });

/**
 * An agent's text, through the same outbound pipeline as the bot's. Refused with 422
 * before anything is stored when the 24-hour window is closed.
 */
export async function sendAgentText(actor: Actor, conversationId: string, text: string): Promise<MessageView> {
  const { db, kind } = await dbHandle();
  const { conversation, contact } = await getConversation(db, conversationId);
  const channel = await liveChannel(db, conversation.channelId);
  if (!channel || channel.status !== "active") throw conflict("This conversation's channel is disabled or unreadable; it cannot send.");
  const content = { type: "text" as const, text };
  const row = await transactionWithDispatch(db, async (tx) => {
    await lockKey(tx, kind, conversationKey(channel.id, contact.waId));
    const fresh = await getConversation(tx, conversationId);
    const refusal = windowRefusal(content, fresh.conversation.windowExpiresAt);
    if (refusal) throw new ApiError(422, "window_closed", `Not sent: ${refusal}. The customer last wrote more than 24 hours ago.`);
    const [message] = await enqueueOutbound(tx, { conversationId, channelId: channel.id, content, senderKind: "agent", senderUserId: actor.id });
    await updateConversation(tx, conversationId, { unreadCount: 0 });
    return message!;
  });
  return toMessageView(row);
}

export type ModeAction = "takeover" | "handback" | "close";

const MODE_CHANGES: Record<ModeAction, (actor: Actor) => Partial<ConversationRow>> = {
  takeover: (actor) => ({ mode: "human", assignedUserId: actor.id, needsHuman: false }),
  handback: () => ({ mode: "bot", assignedUserId: null, needsHuman: false }),
  close: () => ({ mode: "closed", needsHuman: false }),
};

/** Take over from the bot, hand back to it, or close; recorded in the audit log with who did it. */
export async function changeConversationMode(db: Database, actor: Actor, conversationId: string, action: ModeAction, ip?: string): Promise<ConversationView> {
  const { conversation: before, contact } = await getConversation(db, conversationId);
  const updated = await updateConversation(db, conversationId, MODE_CHANGES[action](actor));
  if (!updated) throw notFound("Conversation");
  await recordAudit(db, { ...actorOf(actor), action: `conversation.${action}`, targetType: "conversation", targetId: conversationId, details: { from: before.mode, to: updated.mode }, ip });
  return toConversationView(updated, contact);
}

/**
 * For the flow engine's Handoff block, inside the inbound transaction: the bot stops
 * answering and the conversation waits in the agents' queue.
 */
export async function requestHuman(tx: Queryable, conversationId: string): Promise<void> {
  await updateConversation(tx, conversationId, { mode: "human", needsHuman: true });
}

export async function markConversationRead(db: Database, conversationId: string): Promise<ConversationView> {
  const { contact } = await getConversation(db, conversationId);
  const updated = await updateConversation(db, conversationId, { unreadCount: 0 });
  if (!updated) throw notFound("Conversation");
  return toConversationView(updated, contact);
}
