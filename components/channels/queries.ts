"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/components/data/api-fetch";
import type { Provider } from "@/lib/channels/types";

export type ChannelStatus = "active" | "disabled";

export interface ChannelHealth {
  lastEventAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  eventsPerMinute: number | null;
}

export interface Channel {
  id: string;
  provider: Provider;
  name: string;
  status: ChannelStatus;
  /** Provider settings; secret fields come back masked ("••••abcd"). */
  config: Record<string, unknown>;
  webhookUrl: string;
  /** Meta (and the sandbox): the token to paste next to the webhook URL. */
  verifyToken?: string | null;
  health?: Partial<ChannelHealth> | null;
  createdAt: string;
}

export interface NewChannel {
  provider: Exclude<Provider, "sandbox">;
  name: string;
  config: Record<string, string>;
}

export interface ChannelPatch {
  name?: string;
  status?: ChannelStatus;
  config?: Record<string, string>;
}

/** What POST /channels/{id}/test answers: the stored outbound message. */
export interface TestMessageResult {
  id: string;
  status?: string;
  providerMessageId?: string | null;
  error?: { code: string; title: string } | null;
}

export const channelsKey = ["v1", "channels"] as const;

const path = (id: string) => `/api/v1/channels/${encodeURIComponent(id)}`;

export function useChannels() {
  return useQuery({
    queryKey: channelsKey,
    queryFn: async () => (await apiFetch<{ items: Channel[] }>("/api/v1/channels")).items,
    // Health (last event, events/min) moves on its own.
    refetchInterval: 15_000,
  });
}

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewChannel) => apiFetch<Channel>("/api/v1/channels", { method: "POST", json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
}

export function useUpdateChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ChannelPatch) => apiFetch<Channel>(path(id), { method: "PATCH", json: patch }),
    onSuccess: (updated) => {
      queryClient.setQueryData<Channel[]>(channelsKey, (rows) =>
        rows?.map((row) => (row.id === updated.id ? { ...row, ...updated } : row)),
      );
      return queryClient.invalidateQueries({ queryKey: channelsKey });
    },
  });
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(path(id), { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
}

export function useTestMessage(id: string) {
  return useMutation({
    mutationFn: (input: { to: string; text?: string; template?: { name: string; language: string } }) =>
      apiFetch<TestMessageResult>(`${path(id)}/test`, { method: "POST", json: input }),
  });
}
