"use client";

import { Blocks, CircleAlert, Info, StickyNote } from "lucide-react";
import Link from "next/link";
import { memo } from "react";

import { formatClock } from "@/components/data/message-content";
import { describeError } from "@/lib/channels/error-catalog";
import { cn } from "@/lib/utils";

import { InboundBody, OutboundBody } from "./message-body";
import { MessageTicks, isTickStatus } from "./message-ticks";
import type { InboxMessage } from "./types";
import { WhatsAppText } from "./wa-format";

const SENDER: Record<string, string> = { bot: "Bot", agent: "Agent", system: "System" };

/** Under a failed message: the code, what it means, and what to do. */
export function FailureHelp({ message }: { message: InboxMessage }) {
  if (!message.error) return null;
  const info = { ...describeError(message.error.code), ...Object.fromEntries(Object.entries(message.error).filter(([, v]) => typeof v === "string" && v)) } as {
    title: string;
    meaning: string;
    fix: string;
  };
  return (
    <div role="note" data-testid="message-error" className="grid max-w-sm gap-0.5 rounded-md border border-destructive/30 bg-destructive/5 px-2.5 py-1.5 text-xs text-destructive">
      <p className="flex items-center gap-1 font-semibold">
        <CircleAlert aria-hidden className="size-3.5 shrink-0" />
        Not delivered: {info.title} <span className="font-mono font-normal">({message.error.code})</span>
      </p>
      <p className="text-foreground/80">{info.meaning}</p>
      <p className="text-foreground/90">
        <span className="font-semibold">What to do: </span>
        {info.fix}
      </p>
    </div>
  );
}

/** Notes (an agent's, the Handoff block's, a flow error) and system notices sit in the middle of the thread. */
function Notice({ message }: { message: InboxMessage }) {
  const content = (message.content ?? {}) as { author?: string; system?: { body?: string } };
  const isNote = message.type === "note";
  const who = isNote ? (message.senderName ? `Note by ${message.senderName}` : content.author === "handoff" ? "Handoff to a human" : "Bot note") : "WhatsApp notice";
  return (
    <div data-testid={`message-${message.id}`} data-kind={isNote ? "note" : "system"} className="flex justify-center px-6">
      <div
        className={cn(
          "grid max-w-[85%] gap-0.5 rounded-lg border px-3 py-1.5 text-sm shadow-xs",
          isNote ? "border-amber-300/70 bg-amber-50 text-amber-950 dark:border-amber-500/40 dark:bg-amber-950/40 dark:text-amber-100" : "bg-card text-muted-foreground",
        )}
      >
        <p className="flex items-center gap-1 text-[11px] font-semibold tracking-wide uppercase opacity-80">
          {isNote ? <StickyNote aria-hidden className="size-3.5" /> : <Info aria-hidden className="size-3.5" />}
          {who}
          {isNote ? <span className="font-normal normal-case"> · never sent to the customer</span> : null}
          <time className="ml-auto pl-2 font-normal tabular-nums" dateTime={message.createdAt}>
            {formatClock(message.createdAt)}
          </time>
        </p>
        <WhatsAppText text={message.text ?? content.system?.body ?? ""} />
      </div>
    </div>
  );
}

export const MessageBubble = memo(function MessageBubble({
  message,
  reactions,
  quoted,
}: {
  message: InboxMessage;
  /** Reactions the customer put on this message. */
  reactions?: string[];
  quoted?: InboxMessage | null;
}) {
  if (message.type === "note" || message.type === "system" || message.senderKind === "system") return <Notice message={message} />;
  const outbound = message.direction === "out";
  const failed = outbound && message.status === "failed";
  const failure = failed && message.error ? message.error : null;
  const retrying = outbound && message.status === "queued" && message.error ? describeError(message.error.code) : null;
  const builderLink = message.senderKind === "bot" && message.flowId && message.blockId ? `/flows/${message.flowId}?block=${encodeURIComponent(message.blockId)}` : null;
  const sender = outbound ? (message.senderKind === "agent" && message.senderName ? message.senderName : SENDER[message.senderKind ?? ""]) : null;
  return (
    <div
      data-testid={`message-${message.id}`}
      data-direction={message.direction}
      data-status={message.status}
      data-type={message.type}
      data-pending={message.pending ? "true" : undefined}
      className={cn("flex max-w-[78%] flex-col gap-1", outbound ? "ml-auto items-end" : "mr-auto items-start")}
    >
      <div
        className={cn(
          "relative rounded-xl px-3 py-2 text-sm shadow-xs",
          outbound
            ? "rounded-br-sm bg-[#d9fdd3] text-[#111b21] dark:bg-[#005c4b] dark:text-[#e9edef]"
            : "rounded-bl-sm border bg-card text-card-foreground",
          failed && "ring-1 ring-destructive/60",
          message.pending && "opacity-80",
        )}
      >
        {sender ? (
          <p className="mb-0.5 flex items-center gap-2 text-[11px] font-semibold tracking-wide text-[#0f7a6c] uppercase dark:text-[#7ae3c3]">
            {sender}
            {builderLink ? (
              <Link
                href={builderLink}
                className="inline-flex items-center gap-0.5 font-normal normal-case underline-offset-2 hover:underline"
                data-testid="builder-link"
                title={`Sent by block “${message.blockId}” (flow version ${message.flowVersion ?? "?"}) — open it in the builder`}
              >
                <Blocks aria-hidden className="size-3" />
                {message.blockId}
              </Link>
            ) : null}
          </p>
        ) : null}
        {outbound ? <OutboundBody message={message} /> : <InboundBody message={message} quoted={quoted} />}
        <div className={cn("mt-1 flex items-center justify-end gap-1 text-[11px] tabular-nums", outbound ? "text-[#667781] dark:text-[#a7c4bd]" : "text-muted-foreground")}>
          <time dateTime={message.createdAt}>{formatClock(message.createdAt)}</time>
          {outbound && isTickStatus(message.status) ? <MessageTicks status={message.status} history={message.statusHistory} error={message.error} /> : null}
        </div>
        {reactions && reactions.length > 0 ? (
          <span
            className={cn("absolute -bottom-3 rounded-full border bg-background px-1.5 text-sm leading-5 shadow-xs", outbound ? "left-2" : "right-2")}
            data-testid="reaction"
            aria-label={`Reaction ${reactions.join(" ")}`}
          >
            {reactions.join("")}
          </span>
        ) : null}
      </div>
      {reactions && reactions.length > 0 ? <span aria-hidden className="h-2" /> : null}
      {failure ? <FailureHelp message={message} /> : null}
      {retrying ? (
        <p className="text-xs text-muted-foreground" data-testid="message-retrying">
          Retrying after “{retrying.title}” ({message.error?.code})…
        </p>
      ) : null}
    </div>
  );
});
