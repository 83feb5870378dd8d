"use client";

import { Clock, FileText, Image as ImageIcon, List, MapPin, Reply, SquareDashed } from "lucide-react";
import { memo, useState } from "react";

import { formatClock, readInbound, readOutbound } from "@/components/data/message-content";
import type { OutboundContent } from "@/lib/channels/content";
import { cn } from "@/lib/utils";

import { wa } from "./palette";
import type { SimMessage, SimOutgoing } from "./queries";

type ListContent = Extract<OutboundContent, { type: "list" }>;

function Time({ value, onOutgoing }: { value: string | null; onOutgoing?: boolean }) {
  return (
    <span className={cn("float-right mt-1.5 ml-3 -mb-1 text-[11px] leading-none tabular-nums", onOutgoing ? wa.metaOnOutgoing : wa.meta)}>
      {value}
    </span>
  );
}

function Bubble({ side, className, children }: { side: "left" | "right"; className?: string; children: React.ReactNode }) {
  return (
    <div
      className={cn(
        "max-w-full min-w-[4.5rem] rounded-lg px-2.5 pt-1.5 pb-2 text-[14.2px] leading-[19px] shadow-[0_1px_0.5px_rgba(11,20,26,0.13)]",
        side === "left" ? cn(wa.incoming, "rounded-tl-none") : cn(wa.outgoing, "rounded-tr-none"),
        className,
      )}
    >
      {children}
    </div>
  );
}

function MediaCard({ type, link, caption }: { type: string; link?: string; caption?: string }) {
  const [broken, setBroken] = useState(false);
  const Icon = type === "image" || type === "sticker" ? ImageIcon : FileText;
  return (
    <div className="grid w-60 max-w-full grid-cols-[minmax(0,1fr)] gap-1.5">
      {type === "image" && link && !broken ? (
        // Any URL the flow sends; next/image would need every host allow-listed.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={link}
          alt={caption ?? "Image"}
          loading="lazy"
          onError={() => setBroken(true)}
          className="-mx-1 max-h-56 w-[calc(100%+0.5rem)] max-w-none rounded-md object-cover"
        />
      ) : (
        <div className="flex items-center gap-2 rounded-md bg-black/5 p-2 dark:bg-white/5">
          <Icon aria-hidden className={cn("size-8 shrink-0", wa.meta)} />
          <div className="min-w-0">
            <p className="text-xs font-medium capitalize">{type}</p>
            {link ? (
              <a href={link} target="_blank" rel="noreferrer" className={cn("block truncate text-xs underline", wa.accent)}>
                {link}
              </a>
            ) : null}
          </div>
        </div>
      )}
      {caption ? <p className="break-words whitespace-pre-wrap">{caption}</p> : null}
    </div>
  );
}

/** One bot message as the customer's phone shows it, with its tappable replies. */
export const BotMessage = memo(function BotMessage({
  message,
  latest,
  onReply,
  onOpenList,
}: {
  message: SimMessage;
  /** The newest interactive message: its controls carry the data-testids. */
  latest: boolean;
  /** A tap on a reply button; `replyTo` is the tapped message's wamid, quoted like WhatsApp does. */
  onReply: (reply: SimOutgoing, replyTo?: string) => void;
  onOpenList: (list: ListContent, replyTo?: string) => void;
}) {
  const content = readOutbound(message.content);
  const time = formatClock(message.createdAt);
  const type = content?.type ?? "text";

  let body: React.ReactNode;
  let below: React.ReactNode = null;
  if (!content) {
    body = <p className="break-words whitespace-pre-wrap">{message.text || "(empty message)"}</p>;
  } else if (content.type === "text") {
    body = <p className="break-words whitespace-pre-wrap">{content.text}</p>;
  } else if (content.type === "buttons" || content.type === "list") {
    body = (
      <div className="grid gap-1">
        {content.header ? <p className="font-semibold break-words">{content.header}</p> : null}
        <p className="break-words whitespace-pre-wrap">{content.body}</p>
        {content.footer ? <p className={cn("text-[13px]", wa.meta)}>{content.footer}</p> : null}
      </div>
    );
    if (content.type === "buttons") {
      below = (
        <div className="mt-0.5 grid gap-0.5" role="group" aria-label="Reply buttons">
          {content.buttons.map((button) => (
            <button
              key={button.id}
              type="button"
              data-testid={latest ? `sim-button-${button.id}` : undefined}
              onClick={() => onReply({ type: "button_reply", id: button.id, title: button.title }, message.wamid)}
              className={cn(
                "flex h-10 w-full items-center justify-center gap-1.5 rounded-lg text-[14px] font-medium shadow-[0_1px_0.5px_rgba(11,20,26,0.13)] transition-colors hover:brightness-95",
                wa.incoming,
                wa.accent,
                wa.focus,
              )}
            >
              <Reply aria-hidden className="size-4" />
              {button.title}
            </button>
          ))}
        </div>
      );
    }
  } else if (content.type === "template") {
    const params = content.bodyParams ?? [];
    body = (
      <div className="grid gap-1">
        <p className={cn("flex items-center gap-1 text-[12px] font-medium uppercase", wa.meta)}>
          <SquareDashed aria-hidden className="size-3.5" />
          Template · {content.language}
        </p>
        <p className="font-semibold break-all">{content.name}</p>
        {params.length > 0 ? (
          <ol className="list-decimal pl-5 text-[13px]">
            {params.map((param, index) => (
              <li key={index} className="break-words">
                {param.type === "text" ? param.text : param.payload}
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    );
  } else if (content.type === "reaction") {
    body = <p className="text-2xl leading-none" aria-label={`Reacted ${content.emoji}`}>{content.emoji}</p>;
  } else {
    body = <MediaCard type={content.type} link={content.link} caption={content.caption} />;
  }

  return (
    <div
      className="flex max-w-[85%] flex-col items-stretch self-start"
      data-testid="sim-bubble"
      data-direction="out"
      data-type={type}
      data-status={message.status ?? undefined}
      data-id={message.id}
    >
      <Bubble side="left" className={content?.type === "list" || content?.type === "buttons" ? "min-w-52" : undefined}>
        {body}
        {content?.type === "list" ? (
          <div className={cn("-mx-2.5 mt-2 border-t", wa.divider)}>
            <button
              type="button"
              data-testid={latest ? "sim-list-open" : undefined}
              aria-haspopup="dialog"
              onClick={() => onOpenList(content, message.wamid)}
              className={cn("flex h-9 w-full items-center justify-center gap-2 text-[14px] font-medium", wa.accent, wa.focus)}
            >
              <List aria-hidden className="size-4" />
              {content.button}
            </button>
          </div>
        ) : null}
        <Time value={time} />
      </Bubble>
      {below}
      {message.status === "failed" ? (
        <p className="mt-1 px-1 text-[11px] text-[#b42318] dark:text-[#ff9b9b]" data-testid="sim-bubble-failed">
          Not delivered to this phone{message.error ? `: ${message.error.title} (${message.error.code})` : ""}
        </p>
      ) : null}
    </div>
  );
});

/** One customer message (the phone's own), green, on the right. */
export const CustomerMessage = memo(function CustomerMessage({
  message,
  pending,
}: {
  message: Pick<SimMessage, "content" | "text" | "createdAt" | "type">;
  pending?: boolean;
}) {
  const view = readInbound(message.content, message.type, message.text);
  let body: React.ReactNode;
  switch (view.kind) {
    case "location":
      body = (
        <div className="grid gap-1">
          <div className="flex h-20 w-56 max-w-full items-center justify-center rounded-md bg-[#dfe9d6] dark:bg-[#0f3d34]">
            <MapPin aria-hidden className="size-8 text-[#e4464b]" />
          </div>
          {view.name ? <p className="font-medium">{view.name}</p> : null}
          {view.address ? <p className="text-[13px]">{view.address}</p> : null}
          <p className={cn("text-[12px] tabular-nums", wa.metaOnOutgoing)}>
            {view.latitude.toFixed(5)}, {view.longitude.toFixed(5)}
          </p>
        </div>
      );
      break;
    case "media":
      body = <MediaCard type={view.mediaType} link={view.link} caption={view.caption} />;
      break;
    case "reply":
      body = (
        <div className="grid gap-0.5">
          <p className="break-words whitespace-pre-wrap">{view.title}</p>
          {view.description ? <p className={cn("text-[12px]", wa.metaOnOutgoing)}>{view.description}</p> : null}
        </div>
      );
      break;
    case "text":
      body = <p className="break-words whitespace-pre-wrap">{view.text}</p>;
      break;
    default:
      body = <p className="italic">({view.label})</p>;
  }
  return (
    <div
      className="flex max-w-[85%] flex-col items-end self-end"
      data-testid={pending ? "sim-bubble-pending" : "sim-bubble"}
      data-direction="in"
      data-type={view.kind}
    >
      <Bubble side="right">
        {body}
        <span className={cn("float-right mt-1.5 ml-3 -mb-1 inline-flex items-center gap-1 text-[11px] leading-none", wa.metaOnOutgoing)}>
          {pending ? (
            <>
              <Clock aria-hidden className="size-3" />
              <span className="sr-only">Sending</span>
            </>
          ) : (
            formatClock(message.createdAt)
          )}
        </span>
      </Bubble>
    </div>
  );
});
