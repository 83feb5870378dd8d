import type { PathStep as ServerPathStep, SessionSummary as ServerSessionSummary } from "@/lib/inbox/panels";
import type { Serialized } from "@/lib/serialized";
import type { StatusHistoryEntry, TickError } from "./message-ticks";

/** The API's shapes as the browser receives them (dates as ISO strings). See docs/api.md. */

export type ConversationMode = "bot" | "human" | "closed";
export const CONVERSATION_FILTERS = ["all", "bot", "needs_human", "mine", "closed"] as const;
export type ConversationFilter = (typeof CONVERSATION_FILTERS)[number];

export interface Conversation {
  id: string;
  channelId: string;
  channel?: { id: string; name: string; provider: string } | null;
  contact: { id?: string; waId: string; name: string | null; optedOut?: boolean };
  mode: ConversationMode;
  needsHuman?: boolean;
  assignedUserId?: string | null;
  assignee?: { id: string; name: string } | null;
  lastMessageAt: string | null;
  lastMessagePreview?: string | null;
  lastInboundAt?: string | null;
  unreadCount?: number;
  windowExpiresAt?: string | null;
  windowOpen?: boolean;
  createdAt?: string;
  /** Live feed version: a higher one replaces a lower one, never the other way round. */
  changeSeq?: number;
}

export type MessageStatus = "received" | "queued" | "accepted" | "sent" | "delivered" | "read" | "failed";

export interface InboxMessage {
  id: string;
  seq?: number;
  changeSeq?: number;
  conversationId?: string;
  direction: "in" | "out";
  type: string;
  text: string | null;
  content?: unknown;
  providerMessageId: string | null;
  status: MessageStatus;
  statusHistory?: StatusHistoryEntry[];
  error: TickError | null;
  senderKind?: "customer" | "bot" | "agent" | "system";
  senderUserId?: string | null;
  senderName?: string | null;
  flowId?: string | null;
  flowVersion?: number | null;
  blockId?: string | null;
  sessionId?: string | null;
  createdAt: string;
  /** Shown at once while the send request is on its way (not from the server). */
  pending?: boolean;
}

export interface ConversationPage {
  items: Conversation[];
  nextCursor: string | null;
}

export interface MessagePage {
  /** Oldest first. */
  items: InboxMessage[];
  /** `seq` to load older messages from, or null at the start of the conversation. */
  nextCursor: number | null;
}

export type SessionSummary = Serialized<ServerSessionSummary>;

export interface ContactPanelData {
  conversation: Conversation;
  contact: {
    id: string;
    waId: string;
    name: string | null;
    attributes: Record<string, unknown>;
    optedOut: boolean;
    optedOutAt: string | null;
    firstSeenAt: string;
    lastSeenAt: string;
  };
  window: { open: boolean; expiresAt: string | null; lastInboundAt: string | null; lengthMs: number };
  messages: { inbound: number; outbound: number };
  sessions: SessionSummary[];
}

export type PathStep = Serialized<ServerPathStep>;

export interface QuickReply {
  id: string;
  shortcut: string;
  text: string;
}

export interface TemplateSuggestion {
  name: string;
  language: string;
  bodyParams: number;
  source: "sent" | "flow" | "sample";
}

export interface Assignee {
  id: string;
  name: string;
  email: string;
  role: string;
}
