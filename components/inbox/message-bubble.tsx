"use client";

import { CircleAlert, FileText, MapPin, Reply, SquareDashed } from "lucide-react";
import { memo } from "react";

import { formatClock, readInbound, readOutbound } from "@/components/data/message-content";
import { describeError } from "@/lib/channels/error-catalog";
import { cn } from "@/lib/utils";

import { MessageTicks, isTickStatus } from "./message-ticks";
import type { InboxMessage } from "./queries";

function OutboundBody({ message }: { message: InboxMessage }) {
  const content = readOutbound(message.content);
  if (!content || content.type === "text") {
    return <p className="break-words whitespace-pre-wrap">{content?.type === "text" ? content.text : (message.text ?? "")}</p>;
  }
  switch (content.type) {
    case "buttons":
    case "list":
      return (
        <div className="grid gap-1.5">
          {content.header ? <p className="font-semibold">{content.header}</p> : null}
          <p className="break-words whitespace-pre-wrap">{content.body}</p>
          {content.footer ? <p className="text-xs text-muted-foreground">{content.footer}</p> : null}
          <ul className="flex flex-wrap gap-1.5" aria-label={content.type === "buttons" ? "Buttons" : `List “${content.button}”`}>
            {(content.type === "buttons" ? content.buttons : content.sections.flatMap((section) => section.rows)).map((item) => (
              <li key={item.id} className="inline-flex items-center gap-1 rounded-full border bg-background/70 px-2 py-0.5 text-xs">
                <Reply aria-hidden className="size-3 text-muted-foreground" />
                {item.title}
              </li>
            ))}
          </ul>
        </div>
      );
    case "template":
      return (
        <div className="grid gap-0.5">
          <p className="flex items-center gap-1 text-xs font-medium text-muted-foreground uppercase">
            <SquareDashed aria-hidden className="size-3.5" />
            Template · {content.language}
          </p>
          <p className="font-medium break-all">{content.name}</p>
          {content.bodyParams?.length ? (
            <p className="text-xs text-muted-foreground">
              {content.bodyParams.map((param) => (param.type === "text" ? param.text : param.payload)).join(" · ")}
            </p>
          ) : null}
        </div>
      );
    case "reaction":
      return <p className="text-xl">{content.emoji}</p>;
    default:
      return (
        <div className="grid max-w-xs grid-cols-[minmax(0,1fr)] gap-1">
          <a href={content.link} target="_blank" rel="noreferrer" className="flex items-center gap-2 text-sm underline-offset-2 hover:underline">
            <FileText aria-hidden className="size-4 shrink-0" />
            <span className="truncate">
              {content.type}: {content.filename ?? content.link}
            </span>
          </a>
          {content.caption ? <p className="break-words whitespace-pre-wrap">{content.caption}</p> : null}
        </div>
      );
  }
}

function InboundBody({ message }: { message: InboxMessage }) {
  const view = readInbound(message.content, message.type, message.text);
  switch (view.kind) {
    case "text":
      return <p className="break-words whitespace-pre-wrap">{view.text}</p>;
    case "reply":
      return (
        <p className="flex items-start gap-1.5 break-words">
          <Reply aria-hidden className="mt-0.5 size-3.5 shrink-0 text-muted-foreground" />
          <span>
            {view.title}
            {view.description ? <span className="block text-xs text-muted-foreground">{view.description}</span> : null}
          </span>
        </p>
      );
    case "location":
      return (
        <a
          href={`https://www.openstreetmap.org/?mlat=${view.latitude}&mlon=${view.longitude}#map=16/${view.latitude}/${view.longitude}`}
          target="_blank"
          rel="noreferrer"
          className="flex items-start gap-2 underline-offset-2 hover:underline"
        >
          <MapPin aria-hidden className="mt-0.5 size-4 shrink-0 text-destructive" />
          <span>
            {view.name ?? "Location"}
            {view.address ? <span className="block text-xs text-muted-foreground">{view.address}</span> : null}
            <span className="block text-xs text-muted-foreground tabular-nums">
              {view.latitude.toFixed(5)}, {view.longitude.toFixed(5)}
            </span>
          </span>
        </a>
      );
    case "media":
      return (
        <div className="grid max-w-xs grid-cols-[minmax(0,1fr)] gap-1">
          <p className="flex min-w-0 items-center gap-2 text-sm">
            <FileText aria-hidden className="size-4 shrink-0" />
            {view.link ? (
              <a href={view.link} target="_blank" rel="noreferrer" className="truncate capitalize underline-offset-2 hover:underline">
                {view.mediaType}
              </a>
            ) : (
              <span className="capitalize">{view.mediaType}</span>
            )}
          </p>
          {view.caption ? <p className="break-words whitespace-pre-wrap">{view.caption}</p> : null}
        </div>
      );
    default:
      return <p className="text-muted-foreground italic">({view.label})</p>;
  }
}

const SENDER: Record<string, string> = { bot: "Bot", agent: "Agent", system: "System" };

export const MessageBubble = memo(function MessageBubble({ message }: { message: InboxMessage }) {
  const outbound = message.direction === "out";
  const failed = outbound && message.status === "failed";
  const failure = failed && message.error ? { ...describeError(message.error.code), ...message.error } : null;
  return (
    <div
      data-testid={`message-${message.id}`}
      data-direction={message.direction}
      data-status={message.status}
      className={cn("flex max-w-[75%] flex-col gap-1", outbound ? "items-end self-end" : "items-start self-start")}
    >
      <div
        className={cn(
          "rounded-xl px-3 py-2 text-sm shadow-xs",
          outbound
            ? "rounded-br-sm bg-[#d9fdd3] text-[#111b21] dark:bg-[#005c4b] dark:text-[#e9edef]"
            : "rounded-bl-sm border bg-card text-card-foreground",
          failed && "ring-1 ring-destructive/50",
        )}
      >
        {outbound && message.senderKind && SENDER[message.senderKind] ? (
          <p className="mb-0.5 text-[11px] font-semibold tracking-wide text-[#0f7a6c] uppercase dark:text-[#7ae3c3]">
            {SENDER[message.senderKind]}
          </p>
        ) : null}
        {outbound ? <OutboundBody message={message} /> : <InboundBody message={message} />}
        <div className={cn("mt-1 flex items-center justify-end gap-1 text-[11px] tabular-nums", outbound ? "text-[#667781] dark:text-[#a7c4bd]" : "text-muted-foreground")}>
          <time dateTime={message.createdAt}>{formatClock(message.createdAt)}</time>
          {outbound && isTickStatus(message.status) ? (
            <MessageTicks status={message.status} history={message.statusHistory} error={message.error} />
          ) : null}
        </div>
      </div>
      {failure ? (
        <p className="flex items-center gap-1 text-xs text-destructive" data-testid="message-error">
          <CircleAlert aria-hidden className="size-3.5" />
          Not delivered: {failure.title} ({failure.code})
        </p>
      ) : null}
    </div>
  );
});
