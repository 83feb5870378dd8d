"use client";

import { useQuery } from "@tanstack/react-query";

import { apiFetch } from "@/components/data/api-fetch";
import type { FlowDocument, Problem } from "@/lib/flow";

export type FlowView = {
  id: string;
  name: string;
  description: string | null;
  channelIds: string[];
  priority: number;
  isFallback: boolean;
  publishedVersion: number | null;
  revision: number;
  document: FlowDocument;
  problems: Problem[];
  updatedAt: string;
  updatedBy: string | null;
  createdAt: string;
};

export type FlowSummary = {
  id: string;
  name: string;
  description: string | null;
  channelIds: string[];
  priority: number;
  isFallback: boolean;
  publishedVersion: number | null;
  draftRevision: number;
  sessions24h: number;
  updatedAt: string;
  updatedBy: string | null;
  createdAt: string;
};

export type VersionSummary = { version: number; note: string | null; publishedBy: string | null; publishedAt: string };

export type DocumentChanges = {
  added: { id: string; type: string; label?: string }[];
  removed: { id: string; type: string; label?: string }[];
  changed: { id: string; type: string; label?: string; fields: string[] }[];
  edgesAdded: number;
  edgesRemoved: number;
};

export type VersionDetail = VersionSummary & { document: FlowDocument; changes: DocumentChanges };

export type PublishResult = { version: number; problems: Problem[]; sessionsOnOlderVersions: number };

export const flowsKey = ["v1", "flows"] as const;
export const flowKey = (id: string) => ["v1", "flows", id] as const;
export const versionsKey = (id: string) => ["v1", "flows", id, "versions"] as const;

const flowPath = (id: string) => `/api/v1/flows/${encodeURIComponent(id)}`;

export function useFlow(id: string) {
  return useQuery({
    queryKey: flowKey(id),
    queryFn: () => apiFetch<FlowView>(flowPath(id)),
    // The editor owns the draft once loaded; refetching would fight local edits. Dropped from
    // the cache on leaving, so coming back always starts from the stored draft and revision.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}

export function useFlowList() {
  return useQuery({
    queryKey: flowsKey,
    queryFn: async () => (await apiFetch<{ items: FlowSummary[] }>("/api/v1/flows")).items,
  });
}

export function useVersions(id: string, enabled = true) {
  return useQuery({
    queryKey: versionsKey(id),
    queryFn: async () => (await apiFetch<{ items: VersionSummary[] }>(`${flowPath(id)}/versions`)).items,
    enabled,
  });
}

export function useVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: [...versionsKey(id), version],
    queryFn: () => apiFetch<VersionDetail>(`${flowPath(id)}/versions/${version}`),
    enabled: version !== null,
    staleTime: Infinity,
  });
}

export type ChannelSummary = { id: string; name: string; provider: string };

/** The workspace's channels (editors and admins may read them). */
export function useChannelList(enabled = true) {
  return useQuery({
    queryKey: ["v1", "channels", "summary"],
    queryFn: async () => (await apiFetch<{ items: ChannelSummary[] }>("/api/v1/channels")).items,
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

export type Me = { id: string; email: string; name: string; role: string };

export function useMe() {
  return useQuery({ queryKey: ["v1", "me"], queryFn: () => apiFetch<Me>("/api/v1/me"), staleTime: Infinity });
}

export { flowPath };
