"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";

import { apiFetch } from "@/components/data/api-fetch";
import { flowsKey, useChannelList, type FlowSummary, type FlowView } from "@/components/flow-editor/queries";

export type { FlowSummary };

const path = (id: string) => `/api/v1/flows/${encodeURIComponent(id)}`;

export function useFlows() {
  return useQuery({
    queryKey: flowsKey,
    queryFn: async () => (await apiFetch<{ items: FlowSummary[] }>("/api/v1/flows")).items,
    refetchInterval: 60_000,
  });
}

/** Channel names for the list; only asked for when a flow is bound to a channel. */
export function useChannelNames(enabled: boolean) {
  const channels = useChannelList(enabled);
  return useMemo(() => (channels.data ? new Map(channels.data.map((c) => [c.id, c.name])) : undefined), [channels.data]);
}

export function useCreateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; document?: unknown }) => apiFetch<FlowView>("/api/v1/flows", { method: "POST", json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey, exact: true }),
  });
}

export function useRenameFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => apiFetch<FlowView>(path(id), { method: "PUT", json: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey }),
  });
}

export function useDuplicateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<FlowView>(`${path(id)}/duplicate`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey, exact: true }),
  });
}

export function useDeleteFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(path(id), { method: "DELETE" }),
    onSuccess: (_data, id) => {
      queryClient.setQueryData<FlowSummary[]>(flowsKey, (items) => items?.filter((f) => f.id !== id));
      void queryClient.invalidateQueries({ queryKey: flowsKey });
    },
  });
}

export function useImportFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: unknown) => apiFetch<FlowView>("/api/v1/flows/import", { method: "POST", json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: flowsKey, exact: true }),
  });
}

export const exportUrl = (id: string) => `${path(id)}/export`;
