"use client";

import { RadioTower } from "lucide-react";
import { useState } from "react";

import { useNow } from "@/components/data/use-now";
import { EmptyState } from "@/components/empty-state";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

import { ChannelCard } from "./channel-card";
import { ChannelSheet } from "./channel-sheet";
import { useChannels } from "./queries";

export function ChannelsView({ canManage }: { canManage: boolean }) {
  const channels = useChannels();
  const now = useNow();
  const [openId, setOpenId] = useState<string | null>(null);
  const open = channels.data?.find((channel) => channel.id === openId) ?? null;

  if (channels.isPending) {
    return (
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-busy="true">
        <span className="sr-only">Loading channels…</span>
        {[0, 1].map((key) => (
          <Skeleton key={key} className="h-44 rounded-xl" />
        ))}
      </div>
    );
  }

  if (channels.isError) {
    return (
      <Alert variant="destructive">
        <AlertTitle>Couldn&apos;t load channels</AlertTitle>
        <AlertDescription>
          <p>{channels.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => void channels.refetch()}>
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }

  if (channels.data.length === 0) {
    return (
      <EmptyState icon={RadioTower} title="No channels connected" data-testid="empty-channels">
        <p>
          Each connected number is listed here with the webhook URL to paste into the provider&apos;s console and the
          state of its last delivery.
        </p>
        <p>{canManage ? "Add one with “Add channel”." : "Admins connect channels; ask one if you need a number here."}</p>
      </EmptyState>
    );
  }

  return (
    <>
      {canManage ? null : (
        <p className="-mt-2 text-sm text-muted-foreground" data-testid="channels-read-only">
          You can see channels and their webhook URLs; only admins add, change or delete them.
        </p>
      )}
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="channel-list">
        {channels.data.map((channel) => (
          <li key={channel.id} className="grid">
            <ChannelCard channel={channel} now={now} canManage={canManage} onOpen={() => setOpenId(channel.id)} />
          </li>
        ))}
      </ul>
      <ChannelSheet channel={open} canManage={canManage} onOpenChange={(next) => !next && setOpenId(null)} />
    </>
  );
}
