"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

import { useDebounced } from "@/components/data/use-debounced";
import { useNow } from "@/components/data/use-now";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

import { ConversationList } from "./conversation-list";
import { useConversationPanel, useConversations, useMe } from "./queries";
import { SidePanel } from "./side-panel";
import { Thread } from "./thread";
import { CONVERSATION_FILTERS, type ConversationFilter } from "./types";
import { useLiveInbox, type LiveStatus } from "./use-live";

function LiveIndicator({ status }: { status: LiveStatus }) {
  const label = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="live-status" data-status={status} role="status">
      <span aria-hidden className={cn("size-2 rounded-full", status === "live" ? "bg-success" : "animate-pulse bg-amber-500")} />
      {label}
    </span>
  );
}

/**
 * Conversation list, the selected thread and its details, all kept current by the live
 * feed (one EventSource for the tab; no polling). `empty` (rendered by the page) shows
 * instead while there are no conversations at all.
 */
export function InboxView({ empty }: { empty: React.ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const selectedId = searchParams.get("c");
  const filterParam = searchParams.get("filter");
  const filter: ConversationFilter = (CONVERSATION_FILTERS as readonly string[]).includes(filterParam ?? "") ? (filterParam as ConversationFilter) : "all";
  const [query, setQuery] = useState("");
  // A column on wide screens, a drawer over the thread on narrower ones (closed at first there).
  const [panelOpen, setPanelOpen] = useState(() => typeof window === "undefined" || window.matchMedia("(min-width: 1536px)").matches);
  const q = useDebounced(query.trim(), 250);
  const live = useLiveInbox();
  const me = useMe();
  const conversations = useConversations(filter, q);
  const now = useNow(30_000);

  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];
  const listed = items.find((conversation) => conversation.id === selectedId) ?? null;
  // A conversation outside the current filter or page (a link, a search) still opens.
  const panel = useConversationPanel(selectedId);
  const selected = listed ?? panel.data?.conversation ?? null;

  const setParam = useCallback(
    (key: string, value: string | null) => {
      const params = new URLSearchParams(searchParams.toString());
      if (value) params.set(key, value);
      else params.delete(key);
      router.replace(`${pathname}?${params.toString()}`, { scroll: false });
    },
    [pathname, router, searchParams],
  );
  const fetchNext = conversations.fetchNextPage;
  const loadMore = useCallback(() => void fetchNext(), [fetchNext]);

  if (conversations.isPending && q === "" && filter === "all") {
    return (
      <div className="grid gap-3" aria-busy="true">
        <span className="sr-only">Loading conversations…</span>
        <Skeleton className="h-[480px] rounded-xl" />
      </div>
    );
  }
  if (conversations.isError && !conversations.data) {
    return (
      <Alert variant="destructive">
        <AlertTitle>Couldn&apos;t load conversations</AlertTitle>
        <AlertDescription>
          <p>{conversations.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => void conversations.refetch()}>
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }
  if (items.length === 0 && q === "" && query === "" && filter === "all" && !selectedId) {
    // Still live: the first conversation appears here without a reload.
    return (
      <div className="grid gap-2">
        <div className="flex justify-end">
          <LiveIndicator status={live} />
        </div>
        {empty}
      </div>
    );
  }

  return (
    <div>
      <div
        data-testid="inbox"
        className={cn(
          "relative grid h-[calc(100dvh-14rem)] min-h-[520px] overflow-hidden rounded-xl border bg-card md:grid-cols-[minmax(260px,320px)_1fr]",
          selected && panelOpen && "2xl:grid-cols-[minmax(260px,340px)_1fr_320px]",
        )}
      >
        <ConversationList
          conversations={items}
          loading={conversations.isPending}
          selectedId={selectedId}
          onSelect={(id) => setParam("c", id)}
          filter={filter}
          onFilterChange={(f) => setParam("filter", f === "all" ? null : f)}
          query={query}
          onQueryChange={setQuery}
          hasMore={conversations.hasNextPage}
          loadingMore={conversations.isFetchingNextPage}
          onLoadMore={loadMore}
          now={now}
          status={<LiveIndicator status={live} />}
        />
        <div className="flex min-h-0 min-w-0 flex-col">
          <Thread conversation={selected} now={now} meId={me.data?.id ?? null} panelOpen={panelOpen} onTogglePanel={() => setPanelOpen((open) => !open)} />
        </div>
        {selected && panelOpen ? (
          <div className="absolute inset-y-0 right-0 z-10 flex min-h-0 w-[min(340px,100%)] flex-col bg-card shadow-xl 2xl:static 2xl:w-auto 2xl:shadow-none">
            <SidePanel conversation={selected} now={now} onClose={() => setPanelOpen(false)} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
