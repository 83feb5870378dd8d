"use client";

import { Search } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

import { formatListTime, formatWaId } from "./format";
import { ModeBadge } from "./mode-badge";
import type { Conversation } from "./queries";

export function ConversationList({
  conversations,
  loading,
  selectedId,
  onSelect,
  query,
  onQueryChange,
  hasMore,
  loadingMore,
  onLoadMore,
  now,
}: {
  conversations: Conversation[];
  loading: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  query: string;
  onQueryChange: (query: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  now: number;
}) {
  return (
    <div className="flex min-h-0 flex-col border-b md:border-r md:border-b-0">
      <div className="border-b p-3">
        <label htmlFor="inbox-search" className="sr-only">
          Search conversations
        </label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            id="inbox-search"
            data-testid="inbox-search"
            type="search"
            placeholder="Search name, number or text"
            className="pl-8"
            value={query}
            onChange={(event) => onQueryChange(event.target.value)}
          />
        </div>
      </div>
      <nav aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto">
        {loading ? (
          <div className="grid gap-3 p-3" aria-busy="true">
            <span className="sr-only">Loading conversations…</span>
            {[0, 1, 2].map((key) => (
              <Skeleton key={key} className="h-14" />
            ))}
          </div>
        ) : conversations.length === 0 ? (
          <p className="p-6 text-center text-sm text-muted-foreground" data-testid="inbox-no-results">
            No conversation matches “{query}”.
          </p>
        ) : (
          <ul>
            {conversations.map((conversation) => {
              const selected = conversation.id === selectedId;
              const name = conversation.contact.name || formatWaId(conversation.contact.waId);
              const unread = conversation.unreadCount ?? 0;
              return (
                <li key={conversation.id}>
                  <button
                    type="button"
                    data-testid={`conversation-${conversation.contact.waId}`}
                    aria-current={selected ? "true" : undefined}
                    onClick={() => onSelect(conversation.id)}
                    className={cn(
                      "flex w-full gap-3 border-b px-3 py-3 text-left transition-colors outline-none hover:bg-accent/50 focus-visible:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
                      selected && "bg-accent hover:bg-accent",
                    )}
                  >
                    <span
                      aria-hidden
                      className="flex size-10 shrink-0 items-center justify-center rounded-full bg-primary/12 text-sm font-semibold text-primary"
                    >
                      {name.replace(/^\+/, "").charAt(0).toUpperCase()}
                    </span>
                    <span className="grid min-w-0 flex-1 gap-0.5">
                      <span className="flex items-baseline justify-between gap-2">
                        <span className={cn("truncate font-medium", unread > 0 && "font-semibold")}>{name}</span>
                        <span className={cn("shrink-0 text-xs tabular-nums", unread > 0 ? "text-primary" : "text-muted-foreground")}>
                          {formatListTime(conversation.lastMessageAt, now)}
                        </span>
                      </span>
                      {conversation.contact.name ? (
                        <span className="truncate text-xs text-muted-foreground tabular-nums">
                          {formatWaId(conversation.contact.waId)}
                        </span>
                      ) : null}
                      <span className="flex items-center justify-between gap-2">
                        <span className="truncate text-sm text-muted-foreground">{conversation.lastMessagePreview || " "}</span>
                        <span className="flex shrink-0 items-center gap-1.5">
                          <ModeBadge mode={conversation.mode} />
                          {unread > 0 ? (
                            <span
                              className="flex h-5 min-w-5 items-center justify-center rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground"
                              aria-label={`${unread} unread`}
                            >
                              {unread}
                            </span>
                          ) : null}
                        </span>
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {hasMore ? (
          <div className="p-3">
            <Button variant="outline" size="sm" className="w-full" onClick={onLoadMore} disabled={loadingMore}>
              {loadingMore ? "Loading…" : "Older conversations"}
            </Button>
          </div>
        ) : null}
      </nav>
    </div>
  );
}
