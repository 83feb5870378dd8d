"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/components/data/api-fetch";

export interface SimulatorFaults {
  dropDelivered: boolean;
  reorder: boolean;
  duplicate: boolean;
  fail131026: boolean;
  delayMs: number;
}

export interface SimulatorInfo {
  channel: { id: string; name: string; phoneNumberId: string; displayPhoneNumber: string | null };
  faults: SimulatorFaults;
}

export interface SimMessage {
  id: string;
  /** The message's WhatsApp id; taps on its buttons quote it. */
  wamid?: string;
  direction: "in" | "out";
  /** In: the simulator's message type (text, button_reply, location…). */
  type?: string;
  /** In: what the customer sent. Out: the bot's OutboundContent. */
  content: unknown;
  text: string | null;
  status: string | null;
  error?: { code: string; title: string } | null;
  createdAt: string;
}

export type SimOutgoing =
  | { type: "text"; text: string }
  | { type: "button_reply"; id: string; title: string }
  | { type: "list_reply"; id: string; title: string; description?: string }
  | { type: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { type: "image"; link: string; caption?: string };

export interface Customer {
  waId: string;
  name: string;
}

export const simulatorKey = ["v1", "simulator", "info"] as const;
export const simMessagesKey = (waId: string) => ["v1", "simulator", "messages", waId] as const;

export function useSimulator() {
  return useQuery({
    queryKey: simulatorKey,
    queryFn: () => apiFetch<SimulatorInfo>("/api/v1/simulator"),
  });
}

/** The phone's view of one customer's chat. Polled: fine for a test tool. */
export function useSimMessages(waId: string | null) {
  return useQuery({
    queryKey: simMessagesKey(waId ?? ""),
    queryFn: async () =>
      (await apiFetch<{ items: SimMessage[] }>(`/api/v1/simulator/messages?waId=${encodeURIComponent(waId ?? "")}`)).items,
    enabled: Boolean(waId),
    refetchInterval: 700,
    staleTime: 0,
  });
}

export function useSendAsCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { from: Customer; message: SimOutgoing; replyTo?: string }) =>
      apiFetch<{ wamid: string }>("/api/v1/simulator/messages", { method: "POST", json: input }),
    onSuccess: (_result, input) => queryClient.invalidateQueries({ queryKey: simMessagesKey(input.from.waId) }),
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (waId: string) => apiFetch<unknown>("/api/v1/simulator/read", { method: "POST", json: { waId } }),
    onSuccess: (_result, waId) => queryClient.invalidateQueries({ queryKey: simMessagesKey(waId) }),
  });
}

export function useUpdateFaults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<SimulatorFaults>) =>
      apiFetch<SimulatorFaults>("/api/v1/simulator/faults", { method: "PUT", json: patch }),
    onMutate: async (patch) => {
      await queryClient.cancelQueries({ queryKey: simulatorKey });
      const previous = queryClient.getQueryData<SimulatorInfo>(simulatorKey);
      if (previous) queryClient.setQueryData<SimulatorInfo>(simulatorKey, { ...previous, faults: { ...previous.faults, ...patch } });
      return { previous };
    },
    onError: (_error, _patch, context) => {
      if (context?.previous) queryClient.setQueryData(simulatorKey, context.previous);
    },
    onSuccess: (faults) => {
      queryClient.setQueryData<SimulatorInfo>(simulatorKey, (current) =>
        current && faults && typeof faults === "object" ? { ...current, faults: { ...current.faults, ...faults } } : current,
      );
    },
  });
}
