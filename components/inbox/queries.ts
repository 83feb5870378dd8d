"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/components/data/api-fetch";

import { reconcileConversations, reconcileMessages, removeMessage, upsertMessage } from "./live-cache";
import { applyConversation } from "./use-live";
import type {
  Assignee,
  ContactPanelData,
  Conversation,
  ConversationFilter,
  ConversationPage,
  InboxMessage,
  MessagePage,
  PathStep,
  QuickReply,
  SessionSummary,
  TemplateSuggestion,
} from "./types";

export type { Conversation, ConversationMode, InboxMessage, MessageStatus } from "./types";

/**
 * The inbox's data. Nothing here polls: the live feed (use-live.ts) writes every change
 * into these caches as it commits.
 */
export const inboxKey = ["v1", "conversations"] as const;
export const listKeyPrefix = ["v1", "conversations", "list"] as const;
export const conversationsKey = (filter: ConversationFilter, q: string) => ["v1", "conversations", "list", filter, q] as const;
export const messagesKey = (id: string) => ["v1", "conversations", "messages", id] as const;
export const panelKey = (id: string) => ["v1", "conversations", "panel", id] as const;
export const stepsKey = (id: string) => ["v1", "conversations", "steps", id] as const;
export const meKey = ["v1", "me"] as const;

const path = (id: string) => `/api/v1/conversations/${encodeURIComponent(id)}`;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => apiFetch<{ id: string; name: string; role: string }>("/api/v1/me"), staleTime: Infinity });
}

/** Newest activity first, a page at a time. */
export function useConversations(filter: ConversationFilter, q: string) {
  return useInfiniteQuery({
    queryKey: conversationsKey(filter, q),
    queryFn: async ({ pageParam }) => {
      const params = new URLSearchParams();
      if (filter !== "all") params.set("filter", filter);
      if (q) params.set("q", q);
      if (pageParam) params.set("cursor", pageParam);
      const query = params.toString();
      const page = await apiFetch<ConversationPage>(`/api/v1/conversations${query ? `?${query}` : ""}`);
      return { ...page, items: reconcileConversations(page.items) };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    staleTime: Infinity,
  });
}

/** A conversation's messages: pages[0] is the latest 200, later pages go back in time. */
export function useConversationMessages(id: string | null) {
  return useInfiniteQuery({
    queryKey: messagesKey(id ?? ""),
    queryFn: async ({ pageParam }) => {
      const page = await apiFetch<MessagePage>(`${path(id ?? "")}/messages${pageParam ? `?cursor=${pageParam}` : ""}`);
      return reconcileMessages(id ?? "", page, pageParam === null);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    enabled: Boolean(id),
    staleTime: Infinity,
  });
}

/** The conversation with its contact panel (also how a conversation outside the loaded list is shown). */
export function useConversationPanel(id: string | null) {
  return useQuery({
    queryKey: panelKey(id ?? ""),
    queryFn: () => apiFetch<ContactPanelData>(path(id ?? "")),
    enabled: Boolean(id),
    staleTime: 30_000,
  });
}

export function useSessionPath(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: stepsKey(id ?? ""),
    queryFn: () => apiFetch<{ sessions: SessionSummary[]; items: PathStep[] }>(`${path(id ?? "")}/steps`),
    enabled: Boolean(id) && enabled,
    staleTime: 10_000,
  });
}

export type OutgoingContent =
  | { type: "text"; text: string }
  | { type: "image" | "document" | "video" | "audio"; link: string; caption?: string; filename?: string }
  | { type: "template"; name: string; language: string; bodyParams?: { type: "text"; text: string }[] };

function pendingMessage(conversationId: string, content: OutgoingContent): InboxMessage {
  const text = content.type === "text" ? content.text : content.type === "template" ? `template ${content.name}` : (content.caption ? `${content.type}: ${content.caption}` : content.type);
  return {
    id: `pending-${Math.random().toString(36).slice(2)}`,
    conversationId,
    direction: "out",
    type: content.type,
    text,
    content,
    providerMessageId: null,
    status: "queued",
    statusHistory: [{ status: "queued", at: new Date().toISOString() }],
    error: null,
    senderKind: "agent",
    createdAt: new Date().toISOString(),
    pending: true,
  };
}

type MessagesData = InfiniteData<MessagePage, number | null>;

/** Sends as the agent: the bubble shows at once as queued, then becomes the server's message and its ticks. */
export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (content: OutgoingContent) =>
      apiFetch<InboxMessage>(`${path(conversationId)}/messages`, { method: "POST", json: content.type === "text" ? { text: content.text } : { content } }),
    onMutate: async (content) => {
      const pending = pendingMessage(conversationId, content);
      queryClient.setQueryData<MessagesData>(messagesKey(conversationId), (data) => upsertMessage(data, pending));
      return { pendingId: pending.id };
    },
    onSuccess: (message, _content, context) => {
      queryClient.setQueryData<MessagesData>(messagesKey(conversationId), (data) => {
        const withReal = upsertMessage(data, message, { replacePendingId: context?.pendingId });
        return context ? removeMessage(withReal, context.pendingId) : withReal;
      });
    },
    onError: (_error, _content, context) => {
      if (context) queryClient.setQueryData<MessagesData>(messagesKey(conversationId), (data) => removeMessage(data, context.pendingId));
    },
  });
}

export function useAddNote(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => apiFetch<InboxMessage>(`${path(conversationId)}/notes`, { method: "POST", json: { text } }),
    onSuccess: (note) => queryClient.setQueryData<MessagesData>(messagesKey(conversationId), (data) => upsertMessage(data, note)),
  });
}

/** Writes a conversation the server answered into every cache that shows it (the live feed will confirm). */
export function storeConversation(queryClient: QueryClient, conversation: Conversation) {
  applyConversation(queryClient, conversation);
}

export type ModeAction = "takeover" | "handback" | "close" | "reopen";

export function useConversationAction(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, resume }: { action: ModeAction; resume?: boolean }) =>
      apiFetch<Conversation>(`${path(conversationId)}/${action}`, { method: "POST", json: action === "handback" ? { resume: resume ?? true } : {} }),
    onSuccess: (conversation) => {
      storeConversation(queryClient, conversation);
      void queryClient.invalidateQueries({ queryKey: stepsKey(conversationId) });
      void queryClient.invalidateQueries({ queryKey: panelKey(conversationId) });
    },
  });
}

export function useAssign(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignedUserId: string | null) => apiFetch<Conversation>(path(conversationId), { method: "PATCH", json: { assignedUserId } }),
    onSuccess: (conversation) => storeConversation(queryClient, conversation),
  });
}

export function useAssignees() {
  return useQuery({
    queryKey: ["v1", "conversations", "assignees"],
    queryFn: async () => (await apiFetch<{ items: Assignee[] }>("/api/v1/conversations/assignees")).items,
    staleTime: 60_000,
  });
}

/** The agent has seen the conversation: its unread count goes back to zero (the live feed updates the list). */
export function useMarkConversationRead() {
  return useMutation({
    mutationFn: (id: string) => apiFetch<Conversation>(`${path(id)}/read`, { method: "POST" }),
  });
}

export const quickRepliesKey = ["v1", "quick-replies"] as const;

export function useQuickReplies() {
  return useQuery({
    queryKey: quickRepliesKey,
    queryFn: async () => (await apiFetch<{ items: QuickReply[] }>("/api/v1/quick-replies")).items,
    staleTime: 60_000,
  });
}

export function useSaveQuickReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; shortcut: string; text: string }) =>
      input.id
        ? apiFetch<QuickReply>(`/api/v1/quick-replies/${input.id}`, { method: "PATCH", json: { shortcut: input.shortcut, text: input.text } })
        : apiFetch<QuickReply>("/api/v1/quick-replies", { method: "POST", json: { shortcut: input.shortcut, text: input.text } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quickRepliesKey }),
  });
}

export function useDeleteQuickReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/quick-replies/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: quickRepliesKey }),
  });
}

export function useTemplateSuggestions(channelId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["v1", "conversations", "templates", channelId],
    queryFn: async () => (await apiFetch<{ items: TemplateSuggestion[] }>(`/api/v1/conversations/templates?channelId=${encodeURIComponent(channelId)}`)).items,
    enabled,
    staleTime: 60_000,
  });
}
