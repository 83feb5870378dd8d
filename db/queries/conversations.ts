import { and, asc, desc, eq, gt, ilike, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { botSessions, channels, contacts, conversations, flowSteps, flows, messages, users } from "@/db/schema";
import type { ConversationRow, MessageRow } from "./messages";

export const CONVERSATION_FILTERS = ["all", "bot", "needs_human", "mine", "closed"] as const;
export type ConversationFilter = (typeof CONVERSATION_FILTERS)[number];

export interface ConversationListFilter {
  channelId?: string;
  q?: string;
  filter?: ConversationFilter;
  /** The caller, for `mine`. */
  userId?: string;
  /** Keyset: the last row of the previous page. */
  after?: { lastMessageAt: Date; id: string };
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What the inbox shows of a conversation: the row, its contact, its channel and who has it. */
const listColumns = {
  conversation: conversations,
  contact: contacts,
  channel: { id: channels.id, name: channels.name, provider: channels.provider },
  assignee: { id: users.id, name: users.name },
};

export type ConversationListRow = {
  conversation: ConversationRow;
  contact: typeof contacts.$inferSelect;
  channel: { id: string; name: string; provider: string } | null;
  assignee: { id: string; name: string } | null;
};

function listSelect(db: Queryable) {
  return db
    .select(listColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(users, eq(users.id, conversations.assignedUserId));
}

function filterCondition(filter: ConversationFilter | undefined, userId: string | undefined): SQL | undefined {
  switch (filter) {
    case "bot":
      return eq(conversations.mode, "bot");
    case "needs_human":
      return and(eq(conversations.needsHuman, true), ne(conversations.mode, "closed"));
    case "mine":
      return and(eq(conversations.assignedUserId, userId ?? ""), ne(conversations.mode, "closed"));
    case "closed":
      return eq(conversations.mode, "closed");
    default:
      return undefined;
  }
}

/**
 * Search: name and number (trigram indexes on contact), message text (trigram index on
 * message). `within` decides how message text is matched: `recent` checks each
 * conversation's own messages (EXISTS, cheap per row, ideal when the term is common),
 * `all` collects every matching conversation id once through the index (a hashed
 * subplan, ideal when it is rare).
 */
function searchCondition(q: string, within: "recent" | "all"): SQL | undefined {
  const pattern = `%${escapeLike(q)}%`;
  const digits = q.replace(/\D/g, "");
  return or(
    ilike(contacts.name, pattern),
    digits.length >= 3 ? sql`${contacts.waId} LIKE ${`%${digits}%`}` : undefined,
    within === "recent"
      ? // A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into the same hashed subplan as `all`.
        sql`(SELECT true FROM ${messages} m WHERE m.conversation_id = ${conversations.id} AND m.text ILIKE ${pattern} LIMIT 1)`
      : sql`${conversations.id} IN (SELECT m.conversation_id FROM ${messages} m WHERE m.text ILIKE ${pattern})`,
  );
}

/** How many of the newest conversations a search looks through before searching everything. */
const SEARCH_WINDOW = 500;

/**
 * Newest activity first; matches the (last_message_at DESC NULLS LAST, id) index. A search
 * first looks through the newest SEARCH_WINDOW conversations (fast when the term is
 * common); only when that finds less than a page does it search every message through
 * the trigram index (fast when the term is rare). Both answer the same first page: a page
 * found in the window is exactly the first matches in activity order.
 */
export async function listConversationRows(db: Queryable, filter: ConversationListFilter): Promise<ConversationListRow[]> {
  const where: (SQL | undefined)[] = [filterCondition(filter.filter, filter.userId)];
  if (filter.channelId) where.push(eq(conversations.channelId, filter.channelId));
  if (filter.after) {
    const at = sql`${filter.after.lastMessageAt.toISOString()}::timestamptz`;
    where.push(or(lt(conversations.lastMessageAt, at), and(eq(conversations.lastMessageAt, at), sql`${conversations.id} > ${filter.after.id}`)));
  }
  const order = [sql`${conversations.lastMessageAt} DESC NULLS LAST`, asc(conversations.id)];
  const run = (extra: (SQL | undefined)[]) =>
    listSelect(db)
      .where(and(...where, ...extra))
      .orderBy(...order)
      .limit(filter.limit) as Promise<ConversationListRow[]>;
  if (!filter.q) return run([]);
  const recent = db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(...where))
    .orderBy(...order)
    .limit(SEARCH_WINDOW);
  const inWindow = await run([inArray(conversations.id, recent), searchCondition(filter.q, "recent")]);
  if (inWindow.length >= filter.limit) return inWindow;
  return run([searchCondition(filter.q, "all")]);
}

export function conversationRowsByIds(db: Queryable, ids: string[]): Promise<ConversationListRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return listSelect(db).where(inArray(conversations.id, ids)) as Promise<ConversationListRow[]>;
}

export function conversationRowsByContactIds(db: Queryable, contactIds: string[]): Promise<ConversationListRow[]> {
  if (contactIds.length === 0) return Promise.resolve([]);
  return listSelect(db).where(inArray(conversations.contactId, contactIds)) as Promise<ConversationListRow[]>;
}

/** Conversations whose row or contact changed after `since` (live feed catch-up), oldest change first. */
export async function conversationRowsChangedSince(db: Queryable, since: number, limit: number): Promise<ConversationListRow[]> {
  const [own, viaContact] = await Promise.all([
    listSelect(db).where(gt(conversations.changeSeq, since)).orderBy(asc(conversations.changeSeq)).limit(limit),
    listSelect(db).where(gt(contacts.changeSeq, since)).orderBy(asc(contacts.changeSeq)).limit(limit),
  ]);
  const byId = new Map<string, ConversationListRow>();
  for (const row of [...own, ...viaContact] as ConversationListRow[]) byId.set(row.conversation.id, row);
  return [...byId.values()];
}

/** A conversation's messages, newest first from `beforeSeq` (exclusive). */
export function listMessageRows(db: Queryable, conversationId: string, opts: { beforeSeq?: number; limit: number }): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), opts.beforeSeq !== undefined ? lt(messages.seq, opts.beforeSeq) : undefined))
    .orderBy(desc(messages.seq))
    .limit(opts.limit);
}

export function messageRowsByIds(db: Queryable, ids: string[]): Promise<MessageRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(messages).where(inArray(messages.id, ids));
}

/** Messages changed after `since` (live feed catch-up), oldest change first. */
export function messageRowsChangedSince(db: Queryable, since: number, limit: number): Promise<MessageRow[]> {
  return db.select().from(messages).where(gt(messages.changeSeq, since)).orderBy(asc(messages.changeSeq)).limit(limit);
}

export async function updateConversation(db: Queryable, id: string, patch: Partial<typeof conversations.$inferInsert>): Promise<ConversationRow | null> {
  const [row] = await db
    .update(conversations)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(conversations.id, id))
    .returning();
  return row ?? null;
}

/** Several conversations handed to a human at once (a batch of turns ending in a Handoff block). */
export async function handConversationsToHumans(db: Queryable, ids: string[]) {
  if (ids.length === 0) return;
  await db
    .update(conversations)
    .set({ mode: "human", needsHuman: true, updatedAt: sql`now()` })
    .where(inArray(conversations.id, ids));
}

/** Templates this channel has sent before, newest first: the composer's suggestions. */
export async function recentTemplates(db: Queryable, channelId: string, limit = 20) {
  const rows = await db
    .select({ content: messages.content, at: sql<Date>`max(${messages.createdAt})` })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.type, "template"), eq(messages.direction, "out")))
    .groupBy(messages.content)
    .orderBy(sql`max(${messages.createdAt}) DESC`)
    .limit(limit);
  return rows.map((r) => r.content);
}

// ---- side panels ---------------------------------------------------------------------------

/** The conversation's bot sessions, newest first, with their flow's name. */
export function conversationSessions(db: Queryable, conversationId: string, limit = 20) {
  return db
    .select({
      id: botSessions.id,
      flowId: botSessions.flowId,
      flowName: flows.name,
      flowVersion: botSessions.flowVersion,
      status: botSessions.status,
      endReason: botSessions.endReason,
      state: botSessions.state,
      startedAt: botSessions.startedAt,
      updatedAt: botSessions.updatedAt,
      endedAt: botSessions.endedAt,
    })
    .from(botSessions)
    .leftJoin(flows, eq(flows.id, botSessions.flowId))
    .where(eq(botSessions.conversationId, conversationId))
    .orderBy(desc(botSessions.startedAt))
    .limit(limit);
}

/** Message counts by direction, for the contact panel. */
export async function messageCounts(db: Queryable, conversationId: string) {
  const [row] = await db
    .select({
      inbound: sql<number>`count(*) FILTER (WHERE ${messages.direction} = 'in' AND ${messages.senderKind} = 'customer')::int`,
      outbound: sql<number>`count(*) FILTER (WHERE ${messages.direction} = 'out')::int`,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId));
  return { inbound: Number(row?.inbound ?? 0), outbound: Number(row?.outbound ?? 0) };
}

/** The latest steps of a conversation's sessions, oldest first (the inbox's path panel). */
export async function latestConversationSteps(db: Queryable, conversationId: string, limit = 300) {
  const rows = await db
    .select()
    .from(flowSteps)
    .where(eq(flowSteps.conversationId, conversationId))
    .orderBy(desc(flowSteps.at), desc(flowSteps.id))
    .limit(limit);
  return rows.reverse();
}
