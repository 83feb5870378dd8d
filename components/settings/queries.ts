"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { apiFetch } from "@/components/data/api-fetch";
import type { Role } from "@/lib/auth/roles";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  isOwner: boolean;
}

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role: Role;
}

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The creating user's id (an object is tolerated in case the API starts embedding it). */
  createdBy: string | { id?: string; name?: string | null; email?: string | null } | null;
}

export interface CreatedToken {
  id: string;
  name: string;
  prefix: string;
  /** The full secret. The API returns it once, at creation. */
  token: string;
}

export const usersKey = ["v1", "users"] as const;
export const tokensKey = ["v1", "tokens"] as const;

export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: async () => (await apiFetch<{ items: UserRow[] }>("/api/v1/users")).items,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => apiFetch<UserRow>("/api/v1/users", { method: "POST", json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useUpdateUserRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      apiFetch<UserRow>(`/api/v1/users/${encodeURIComponent(id)}`, { method: "PATCH", json: { role } }),
    onSuccess: (updated) => {
      queryClient.setQueryData<UserRow[]>(usersKey, (rows) =>
        rows?.map((row) => (row.id === updated.id ? { ...row, ...updated } : row)),
      );
      return queryClient.invalidateQueries({ queryKey: usersKey });
    },
  });
}

export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: async () => (await apiFetch<{ items: TokenRow[] }>("/api/v1/tokens")).items,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => apiFetch<CreatedToken>("/api/v1/tokens", { method: "POST", json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
