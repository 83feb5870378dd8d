import type { MessageRow } from "@/db/queries/messages";
import type { StatusEventRow } from "@/db/queries/statuses";
import type { MessageError } from "@/db/schema";
import { describeError } from "@/lib/channels/error-catalog";

export interface StatusHistoryItem {
  status: string;
  /** The provider's time (ours for queued/accepted and refusals). */
  at: Date;
  receivedAt?: Date;
  error?: MessageError;
}

export interface MessageView {
  id: string;
  /** Insertion order within the conversation (and the cursor for older pages). */
  seq: number;
  /** Live feed position of this version of the message: a newer one replaces it. */
  changeSeq: number;
  conversationId: string;
  channelId: string;
  direction: "in" | "out";
  type: string;
  text: string | null;
  content: Record<string, unknown>;
  providerMessageId: string | null;
  status: MessageRow["status"];
  statusHistory: StatusHistoryItem[];
  error: (MessageError & { meaning: string; fix: string }) | null;
  senderKind: MessageRow["senderKind"];
  senderUserId: string | null;
  /** The agent's name for agent messages and notes, when known. */
  senderName?: string | null;
  /** The flow block that sent a bot message: the inbox links to it in the builder. */
  flowId: string | null;
  flowVersion: number | null;
  blockId: string | null;
  sessionId: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
}

/** The inbox's tooltip: what happened when, the error with its meaning and fix. */
export function toMessageView(row: MessageRow, history: StatusEventRow[] = [], senderName?: string | null): MessageView {
  // Ours first (queued, accepted: nothing the provider says can precede them), then the
  // provider's by its own time (whole seconds), ties by arrival.
  const items: StatusHistoryItem[] = [];
  if (row.direction === "out") items.push({ status: "queued", at: row.createdAt });
  const toItem = (h: StatusEventRow): StatusHistoryItem => ({
    status: h.status,
    at: h.providerTimestamp ?? h.receivedAt,
    receivedAt: h.receivedAt,
    ...(h.error ? { error: h.error } : {}),
  });
  items.push(...history.filter((h) => h.status === "accepted").map(toItem));
  const provider = history.filter((h) => h.status !== "accepted").map(toItem);
  provider.sort((a, b) => a.at.getTime() - b.at.getTime() || a.receivedAt!.getTime() - b.receivedAt!.getTime());
  items.push(...provider);
  // Refused or failed before the provider gave an id: no webhook will ever say so.
  if (row.status === "failed" && !history.some((h) => h.status === "failed")) {
    items.push({ status: "failed", at: row.failedAt ?? row.createdAt, ...(row.error ? { error: row.error } : {}) });
  }
  const { replyTo: _r, ...content } = row.content as Record<string, unknown>;
  const error = row.error && (row.status === "failed" || row.direction === "in" || row.status === "queued") ? withHelp(row.error) : null;
  return {
    id: row.id,
    seq: row.seq,
    changeSeq: row.changeSeq,
    conversationId: row.conversationId,
    channelId: row.channelId,
    direction: row.direction,
    type: row.type,
    text: row.text,
    content: row.direction === "out" ? content : (row.content as Record<string, unknown>),
    providerMessageId: row.providerMessageId,
    status: row.status,
    statusHistory: items,
    error,
    senderKind: row.senderKind,
    senderUserId: row.senderUserId,
    ...(senderName !== undefined ? { senderName } : {}),
    flowId: row.flowId,
    flowVersion: row.flowVersion,
    blockId: row.blockId,
    sessionId: row.sessionId,
    attempts: row.attempts,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
    failedAt: row.failedAt,
  };
}

function withHelp(error: MessageError) {
  const info = describeError(error.code);
  return { ...error, meaning: info.meaning, fix: info.fix };
}
