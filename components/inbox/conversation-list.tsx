"use client";

import { Headset, Search } from "lucide-react";
import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

import { formatListTime, formatWaId } from "./format";
import { ModeBadge } from "./mode-badge";
import { WindowChip } from "./window-chip";
import { CONVERSATION_FILTERS, type Conversation, type ConversationFilter } from "./types";

const FILTER_LABELS: Record<ConversationFilter, string> = {
  all: "All",
  bot: "Bot",
  needs_human: "Needs human",
  mine: "Mine",
  closed: "Closed",
};

const EMPTY: Record<ConversationFilter, string> = {
  all: "No conversations yet.",
  bot: "No conversation is with the bot.",
  needs_human: "Nobody is waiting for a human. Conversations the Handoff block passes on land here.",
  mine: "No open conversation is assigned to you.",
  closed: "No closed conversations.",
};

export function ConversationList({
  conversations,
  loading,
  selectedId,
  onSelect,
  filter,
  onFilterChange,
  query,
  onQueryChange,
  hasMore,
  loadingMore,
  onLoadMore,
  now,
  status,
}: {
  conversations: Conversation[];
  loading: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  filter: ConversationFilter;
  onFilterChange: (filter: ConversationFilter) => void;
  query: string;
  onQueryChange: (query: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  now: number;
  /** The live feed's state, shown in the header. */
  status?: React.ReactNode;
}) {
  // The next page loads as the end of the list scrolls into view.
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loadingMore) onLoadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);

  return (
    <div className="flex min-h-0 flex-col border-b md:border-r md:border-b-0" data-testid="conversation-list">
      <div className="grid gap-2 border-b p-3">
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
        <div className="flex items-start gap-2">
          <div className="flex flex-1 flex-wrap items-center gap-1" role="group" aria-label="Show">
            {CONVERSATION_FILTERS.map((f) => (
              <button
                key={f}
                type="button"
                aria-pressed={filter === f}
                data-testid={`filter-${f}`}
                onClick={() => onFilterChange(f)}
                className={cn(
                  "inline-flex h-7 items-center gap-1 rounded-full border px-2.5 text-xs font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring/50",
                  filter === f ? "border-primary bg-primary text-primary-foreground" : "bg-background text-muted-foreground hover:bg-accent hover:text-accent-foreground",
                )}
              >
                {f === "needs_human" ? <Headset aria-hidden className="size-3" /> : null}
                {FILTER_LABELS[f]}
              </button>
            ))}
          </div>
          <span className="pt-1.5">{status}</span>
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
            {query ? `No conversation matches “${query}”.` : EMPTY[filter]}
          </p>
        ) : (
          <ul data-testid="conversation-items">
            {conversations.map((conversation) => {
              const selected = conversation.id === selectedId;
              const name = conversation.contact.name || formatWaId(conversation.contact.waId);
              const unread = conversation.unreadCount ?? 0;
              return (
                <li key={conversation.id}>
                  <button
                    type="button"
                    data-testid={`conversation-${conversation.contact.waId}`}
                    data-mode={conversation.mode}
                    data-unread={unread}
                    aria-current={selected ? "true" : undefined}
                    onClick={() => onSelect(conversation.id)}
                    className={cn(
                      "flex w-full gap-3 border-b px-3 py-2.5 text-left transition-colors outline-none hover:bg-accent/50 focus-visible:bg-accent/60 focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset",
                      selected && "bg-accent hover:bg-accent",
                    )}
                  >
                    <span aria-hidden className="relative flex size-10 shrink-0 items-center justify-center rounded-full bg-primary/12 text-sm font-semibold text-primary">
                      {name.replace(/^\+/, "").charAt(0).toUpperCase()}
                      {conversation.needsHuman && conversation.mode !== "closed" ? (
                        <span className="absolute -right-0.5 -bottom-0.5 flex size-4 items-center justify-center rounded-full bg-destructive text-destructive-foreground ring-2 ring-card">
                          <Headset className="size-2.5" />
                        </span>
                      ) : null}
                    </span>
                    <span className="grid min-w-0 flex-1 grid-cols-[minmax(0,1fr)] gap-0.5">
                      <span className="flex items-baseline justify-between gap-2">
                        <span className={cn("truncate font-medium", unread > 0 && "font-semibold")}>{name}</span>
                        <span className={cn("shrink-0 text-xs tabular-nums", unread > 0 ? "text-primary" : "text-muted-foreground")}>
                          {formatListTime(conversation.lastMessageAt, now)}
                        </span>
                      </span>
                      <span className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
                        <span className="truncate tabular-nums">
                          {conversation.contact.name ? `${formatWaId(conversation.contact.waId)} · ` : ""}
                          <span data-testid="conversation-channel">{conversation.channel?.name ?? ""}</span>
                        </span>
                        <WindowChip expiresAt={conversation.windowExpiresAt} now={now} compact />
                      </span>
                      <span className="flex items-center justify-between gap-2">
                        <span className="truncate text-sm text-muted-foreground" data-testid="conversation-preview">
                          {conversation.lastMessagePreview || " "}
                        </span>
                        <span className="flex shrink-0 items-center gap-1.5">
                          <ModeBadge mode={conversation.mode} />
                          {unread > 0 ? (
                            <span
                              className="flex h-5 min-w-5 items-center justify-center rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground"
                              aria-label={`${unread} unread`}
                              data-testid="unread-count"
                            >
                              {unread}
                            </span>
                          ) : null}
                        </span>
                      </span>
                      {conversation.assignee && conversation.mode === "human" ? (
                        <span className="truncate text-[11px] text-muted-foreground">with {conversation.assignee.name}</span>
                      ) : null}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {hasMore ? (
          <div className="p-3" ref={sentinel}>
            <Button variant="outline" size="sm" className="w-full" onClick={onLoadMore} disabled={loadingMore} data-testid="load-more-conversations">
              {loadingMore ? "Loading…" : "Older conversations"}
            </Button>
          </div>
        ) : null}
      </nav>
    </div>
  );
}
