"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/components/data/api-fetch";

import type { StatusHistoryEntry, TickError } from "./message-ticks";

export type ConversationMode = "bot" | "human" | "closed";

export interface Conversation {
  id: string;
  channelId: string;
  contact: { waId: string; name: string | null };
  mode: ConversationMode;
  lastMessageAt: string | null;
  lastMessagePreview?: string | null;
  unreadCount?: number;
  windowExpiresAt?: string | null;
}

export type MessageStatus = "received" | "queued" | "accepted" | "sent" | "delivered" | "read" | "failed";

export interface InboxMessage {
  id: string;
  direction: "in" | "out";
  type: string;
  text: string | null;
  content?: unknown;
  providerMessageId: string | null;
  status: MessageStatus;
  statusHistory?: StatusHistoryEntry[];
  error: TickError | null;
  senderKind?: "customer" | "bot" | "agent" | "system";
  createdAt: string;
}

interface Page {
  items: Conversation[];
  nextCursor: string | null;
}

export const conversationsKey = (q: string) => ["v1", "conversations", "list", q] as const;
export const messagesKey = (id: string) => ["v1", "conversations", "messages", id] as const;

/** Newest activity first; polled until live updates arrive. */
export function useConversations(q: string) {
  return useInfiniteQuery({
    queryKey: conversationsKey(q),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams();
      if (q) params.set("q", q);
      if (pageParam) params.set("cursor", pageParam);
      const query = params.toString();
      return apiFetch<Page>(`/api/v1/conversations${query ? `?${query}` : ""}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    refetchInterval: 2_000,
    staleTime: 0,
  });
}

export function useConversationMessages(id: string | null) {
  return useQuery({
    queryKey: messagesKey(id ?? ""),
    queryFn: async () =>
      (await apiFetch<{ items: InboxMessage[] }>(`/api/v1/conversations/${encodeURIComponent(id ?? "")}/messages`)).items,
    enabled: Boolean(id),
    refetchInterval: 1_000,
    staleTime: 0,
  });
}

export function useSendAgentMessage(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      apiFetch<InboxMessage>(`/api/v1/conversations/${encodeURIComponent(id)}/messages`, { method: "POST", json: { text } }),
    onSuccess: (message) => {
      queryClient.setQueryData<InboxMessage[]>(messagesKey(id), (rows) =>
        rows && !rows.some((row) => row.id === message.id) ? [...rows, message] : rows,
      );
      return queryClient.invalidateQueries({ queryKey: messagesKey(id) });
    },
  });
}

/** The agent has seen the conversation: its unread count goes back to zero. */
export function useMarkConversationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Conversation>(`/api/v1/conversations/${encodeURIComponent(id)}/read`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["v1", "conversations", "list"] }),
  });
}
