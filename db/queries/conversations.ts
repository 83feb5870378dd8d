import { and, asc, desc, eq, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { contacts, conversations, messages } from "@/db/schema";
import type { ConversationRow, MessageRow } from "./messages";

export interface ConversationListFilter {
  channelId?: string;
  q?: string;
  /** Keyset: the last row of the previous page. */
  after?: { lastMessageAt: Date; id: string };
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest activity first; matches the (last_message_at DESC NULLS LAST, id) index. */
export function listConversationRows(db: Queryable, filter: ConversationListFilter) {
  const where: (SQL | undefined)[] = [];
  if (filter.channelId) where.push(eq(conversations.channelId, filter.channelId));
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    const digits = filter.q.replace(/\D/g, "");
    where.push(
      or(
        ilike(contacts.name, pattern),
        digits.length >= 3 ? ilike(contacts.waId, `%${digits}%`) : undefined,
        sql`EXISTS (SELECT 1 FROM ${messages} m WHERE m.conversation_id = ${conversations.id} AND m.text ILIKE ${pattern})`,
      ),
    );
  }
  if (filter.after) {
    const at = sql`${filter.after.lastMessageAt.toISOString()}::timestamptz`;
    where.push(or(lt(conversations.lastMessageAt, at), and(eq(conversations.lastMessageAt, at), sql`${conversations.id} > ${filter.after.id}`)));
  }
  return db
    .select({ conversation: conversations, contact: contacts })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(and(...where))
    .orderBy(sql`${conversations.lastMessageAt} DESC NULLS LAST`, asc(conversations.id))
    .limit(filter.limit);
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

export async function updateConversation(db: Queryable, id: string, patch: Partial<typeof conversations.$inferInsert>): Promise<ConversationRow | null> {
  const [row] = await db
    .update(conversations)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(conversations.id, id))
    .returning();
  return row ?? null;
}
