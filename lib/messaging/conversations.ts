import { z } from "zod";
import { getDb } from "@/db";
import type { Database, Queryable } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import {
  CONVERSATION_FILTERS,
  conversationRowsByIds,
  listConversationRows,
  listMessageRows,
  updateConversation,
  type ConversationListRow,
} from "@/db/queries/conversations";
import { findUser, userNames } from "@/db/queries/users";
import { findConversationWithContact, insertMessages, type ContactRow, type ConversationRow, type MessageRow } from "@/db/queries/messages";
import { statusEventsOfMessages, type StatusEventRow } from "@/db/queries/statuses";
import { activeSession, cancelConversationTimers, updateSession } from "@/db/queries/sessions";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import { outboundContentSchema, type OutboundContent } from "@/lib/channels/content";
import { liveChannel } from "./channel-cache";
import { inConversationTurn } from "./conversation-turn";
import { enqueueOutbound, noteRow, storeMessages } from "./outbound";
import { toMessageView, type MessageView } from "./views";
import { isWindowOpen, windowRefusal } from "./window";

export const conversationListQuery = z.object({
  channelId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  filter: z.enum(CONVERSATION_FILTERS).default("all"),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const messageListQuery = z.object({
  /** From a previous answer's nextCursor: older messages. */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** What an agent may send by hand: text, media by URL, or a template (the only thing allowed outside the window). */
const agentContentSchema = outboundContentSchema.refine((c) => ["text", "image", "video", "audio", "document", "template"].includes(c.type), {
  message: "Agents send text, media by URL or templates",
});

export const agentMessageSchema = z.union([
  z.object({ text: z.string().trim().min(1, "Write a message").max(4096) }),
  z.object({ content: agentContentSchema }),
]);

export const noteSchema = z.object({ text: z.string().trim().min(1, "Write a note").max(4096) });
export const handbackSchema = z.object({
  /** true: the bot continues the session where it waits; false: the session ends and the next message starts afresh. */
  resume: z.boolean().default(true),
});
export const conversationPatchSchema = z.object({ assignedUserId: z.string().min(1).nullable() });

export interface ConversationView {
  id: string;
  channelId: string;
  channel: { id: string; name: string; provider: string } | null;
  contact: { id: string; waId: string; name: string | null; optedOut: boolean };
  mode: ConversationRow["mode"];
  needsHuman: boolean;
  assignedUserId: string | null;
  assignee: { id: string; name: string } | null;
  lastMessageAt: Date | null;
  lastMessagePreview: string | null;
  lastInboundAt: Date | null;
  unreadCount: number;
  windowExpiresAt: Date | null;
  windowOpen: boolean;
  createdAt: Date;
  /** Live feed position of this version (the conversation's or its contact's change, whichever is later). */
  changeSeq: number;
}

export function toConversationView(
  conversation: ConversationRow,
  contact: ContactRow,
  extras: { channel?: ConversationListRow["channel"]; assignee?: ConversationListRow["assignee"] } = {},
): ConversationView {
  return {
    id: conversation.id,
    channelId: conversation.channelId,
    channel: extras.channel ?? null,
    contact: { id: contact.id, waId: contact.waId, name: contact.name, optedOut: contact.optedOut },
    mode: conversation.mode,
    needsHuman: conversation.needsHuman,
    assignedUserId: conversation.assignedUserId,
    assignee: extras.assignee ?? null,
    lastMessageAt: conversation.lastMessageAt,
    lastMessagePreview: conversation.lastMessagePreview,
    lastInboundAt: conversation.lastInboundAt,
    unreadCount: conversation.unreadCount,
    windowExpiresAt: conversation.windowExpiresAt,
    windowOpen: isWindowOpen(conversation.windowExpiresAt),
    createdAt: conversation.createdAt,
    changeSeq: Math.max(conversation.changeSeq, contact.changeSeq),
  };
}

export const rowToConversationView = (r: ConversationListRow) => toConversationView(r.conversation, r.contact, { channel: r.channel, assignee: r.assignee });

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

export async function listConversations(db: Database, query: z.infer<typeof conversationListQuery>, userId?: string) {
  const rows = await listConversationRows(db, {
    channelId: query.channelId,
    q: query.q || undefined,
    filter: query.filter,
    userId,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(rowToConversationView),
    nextCursor: rows.length > query.limit && last?.conversation.lastMessageAt ? encodeCursor(last.conversation.lastMessageAt, last.conversation.id) : null,
  };
}

export async function getConversation(db: Queryable, id: string) {
  const found = z.uuid().safeParse(id).success ? await findConversationWithContact(db, id) : null;
  if (!found) throw notFound("Conversation");
  return found;
}

export async function getConversationView(db: Queryable, id: string): Promise<ConversationView> {
  await getConversation(db, id);
  const [row] = await conversationRowsByIds(db, [id]);
  if (!row) throw notFound("Conversation");
  return rowToConversationView(row);
}

/** Views of stored messages: outbound ones with their status history, agents' with their names. */
export async function loadMessageViews(db: Queryable, rows: MessageRow[]): Promise<MessageView[]> {
  const [history, names] = await Promise.all([
    statusEventsOfMessages(
      db,
      rows.filter((m) => m.direction === "out").map((m) => m.id),
    ),
    userNames(db, [...new Set(rows.map((m) => m.senderUserId).filter((id): id is string => Boolean(id)))]),
  ]);
  const byMessage = new Map<string, StatusEventRow[]>();
  for (const h of history) {
    if (!h.messageId) continue;
    const list = byMessage.get(h.messageId) ?? [];
    list.push(h);
    byMessage.set(h.messageId, list);
  }
  return rows.map((m) => toMessageView(m, byMessage.get(m.id), m.senderUserId ? (names.get(m.senderUserId) ?? null) : undefined));
}

export async function listMessages(db: Database, conversationId: string, query: z.infer<typeof messageListQuery>): Promise<{ items: MessageView[]; nextCursor: number | null }> {
  await getConversation(db, conversationId);
  const rows = await listMessageRows(db, conversationId, { beforeSeq: query.cursor, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit).reverse();
  return {
    items: await loadMessageViews(db, page),
    nextCursor: rows.length > query.limit ? (page[0]?.seq ?? null) : null,
  };
}

type Actor = Pick<CurrentUser, "id" | "via">;
const actorOf = (actor: Actor) => ({ actorKind: actor.via === "token" ? ("token" as const) : ("user" as const), actorId: actor.id });

/**
 * An agent's message (text, media by URL, template), through the same outbound pipeline
 * as the bot's, in the conversation's turn order. Refused with 422 before anything is
 * stored when the 24-hour window is closed and it is not a template.
 */
export async function sendAgentMessage(actor: Actor, conversationId: string, input: z.infer<typeof agentMessageSchema>): Promise<MessageView> {
  const db = await getDb();
  const { conversation, contact } = await getConversation(db, conversationId);
  const channel = await liveChannel(db, conversation.channelId);
  if (!channel || channel.status !== "active") throw conflict("This conversation's channel is disabled or unreadable; it cannot send.");
  const content: OutboundContent = "text" in input ? { type: "text", text: input.text } : input.content;
  const row = await inConversationTurn(channel.id, contact.waId, async (tx) => {
    const fresh = await getConversation(tx, conversationId);
    const refusal = windowRefusal(content, fresh.conversation.windowExpiresAt);
    if (refusal) {
      throw new ApiError(422, "window_closed", `Not sent: ${refusal}. The customer last wrote more than 24 hours ago, so WhatsApp only accepts an approved template.`);
    }
    const [message] = await enqueueOutbound(tx, { conversationId, channelId: channel.id, content, senderKind: "agent", senderUserId: actor.id });
    await updateConversation(tx, conversationId, { unreadCount: 0 });
    return message!;
  });
  const [view] = await loadMessageViews(db, [row]);
  return view!;
}

export type ModeAction = "takeover" | "handback" | "close" | "reopen";

/**
 * Take over from the bot, hand back to it (resuming the session that waits, or ending it
 * so the next message starts afresh), close (the bot's session ends; the customer writing
 * again reopens it with the bot) or reopen — in the conversation's turn, so no bot turn
 * runs half before and half after. Recorded in the audit log with who did it.
 */
export async function changeConversationMode(
  db: Database,
  actor: Actor,
  conversationId: string,
  action: ModeAction,
  ip?: string,
  opts: { resume?: boolean } = {},
): Promise<ConversationView> {
  const { conversation: before, contact } = await getConversation(db, conversationId);
  const details: Record<string, unknown> = { from: before.mode };
  await inConversationTurn(before.channelId, contact.waId, async (tx) => {
    const endSession = async (reason: string) => {
      const session = await activeSession(tx, conversationId);
      await cancelConversationTimers(tx, conversationId);
      if (session) {
        await updateSession(tx, session.id, { status: "ended", endReason: reason, endedAt: new Date() });
        details.endedSessionId = session.id;
      }
    };
    let patch: Partial<ConversationRow>;
    switch (action) {
      case "takeover":
        patch = { mode: "human", assignedUserId: actor.id, needsHuman: false };
        break;
      case "handback":
        details.resume = opts.resume ?? true;
        if (opts.resume === false) await endSession("restart");
        patch = { mode: "bot", assignedUserId: null, needsHuman: false };
        break;
      case "close":
        await endSession("closed");
        patch = { mode: "closed", needsHuman: false };
        break;
      case "reopen":
        if (before.mode !== "closed") throw conflict("Only a closed conversation can be reopened.");
        // With the bot, like a customer writing again; an agent takes it over from there.
        patch = { mode: "bot", needsHuman: false, assignedUserId: null };
        break;
    }
    const updated = await updateConversation(tx, conversationId, patch);
    if (!updated) throw notFound("Conversation");
    details.to = updated.mode;
    await recordAudit(tx, { ...actorOf(actor), action: `conversation.${action}`, targetType: "conversation", targetId: conversationId, details, ip });
  });
  return getConversationView(db, conversationId);
}

/**
 * Assigns the conversation to an agent (or nobody). Assigned, it leaves the "needs human"
 * queue; unassigned while an agent has it, it goes back there.
 */
export async function assignConversation(db: Database, actor: Actor, conversationId: string, assignedUserId: string | null, ip?: string): Promise<ConversationView> {
  const { conversation: before } = await getConversation(db, conversationId);
  if (assignedUserId && !(await findUser(db, assignedUserId))) {
    throw new ApiError(422, "invalid", "No such user to assign to.", [{ path: "assignedUserId", message: "Pick a user of this installation" }]);
  }
  const patch: Partial<ConversationRow> = { assignedUserId };
  if (assignedUserId) patch.needsHuman = false;
  else if (before.mode === "human") patch.needsHuman = true;
  await updateConversation(db, conversationId, patch);
  await recordAudit(db, { ...actorOf(actor), action: "conversation.assign", targetType: "conversation", targetId: conversationId, details: { from: before.assignedUserId, to: assignedUserId }, ip });
  return getConversationView(db, conversationId);
}

/** An internal note: stored in the thread for agents, never sent (it is never queued). */
export async function addNote(db: Database, actor: Actor, conversationId: string, text: string): Promise<MessageView> {
  const { conversation } = await getConversation(db, conversationId);
  const [row] = await insertMessages(db, [
    {
      conversationId,
      channelId: conversation.channelId,
      direction: "in",
      senderKind: "system",
      senderUserId: actor.id,
      type: "note",
      text,
      content: { note: text, author: "agent" },
      status: "received",
    },
  ]);
  const [view] = await loadMessageViews(db, [row!]);
  return view!;
}

/**
 * For the flow engine's Handoff block, inside the inbound transaction: the bot stops
 * answering and the conversation waits in the agents' queue. The block's note (who and
 * why) is left in the thread for the agent who picks it up.
 */
export async function requestHuman(tx: Queryable, conversationId: string, note?: string): Promise<void> {
  const updated = await updateConversation(tx, conversationId, { mode: "human", needsHuman: true });
  if (updated && note) await storeMessages(tx, [noteRow({ conversationId, channelId: updated.channelId }, note, "handoff")]);
}

export async function markConversationRead(db: Database, conversationId: string): Promise<ConversationView> {
  await getConversation(db, conversationId);
  await updateConversation(db, conversationId, { unreadCount: 0 });
  return getConversationView(db, conversationId);
}
