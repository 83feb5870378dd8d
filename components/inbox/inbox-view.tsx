"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

import { useDebounced } from "@/components/data/use-debounced";
import { useNow } from "@/components/data/use-now";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

import { ConversationList } from "./conversation-list";
import { useConversations } from "./queries";
import { Thread } from "./thread";

/**
 * Conversation list and the selected thread. `empty` (rendered by the page) shows
 * instead while there are no conversations at all.
 */
export function InboxView({ empty }: { empty: React.ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const selectedId = searchParams.get("c");
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 250);
  const conversations = useConversations(q);
  const now = useNow(30_000);

  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];
  const selected = items.find((conversation) => conversation.id === selectedId) ?? null;

  function select(id: string) {
    const params = new URLSearchParams(searchParams.toString());
    params.set("c", id);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  }

  if (conversations.isPending && q === "") {
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
  if (items.length === 0 && q === "" && query === "") return <>{empty}</>;

  return (
    <div
      data-testid="inbox"
      className="grid h-[calc(100dvh-15rem)] min-h-[480px] overflow-hidden rounded-xl border bg-card md:grid-cols-[minmax(260px,340px)_1fr]"
    >
      <ConversationList
        conversations={items}
        loading={conversations.isPending}
        selectedId={selectedId}
        onSelect={select}
        query={query}
        onQueryChange={setQuery}
        hasMore={conversations.hasNextPage}
        loadingMore={conversations.isFetchingNextPage}
        onLoadMore={() => void conversations.fetchNextPage()}
        now={now}
      />
      <div className="flex min-h-0 min-w-0 flex-col">
        <Thread conversation={selected} now={now} />
      </div>
    </div>
  );
}
