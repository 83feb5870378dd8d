"use client";

import { FileText, Image as ImageIcon, List, Reply, SquareDashed } from "lucide-react";
import { memo, useState } from "react";

import type { OutboundContent } from "@/lib/channels/content";
import { cn } from "@/lib/utils";

/** WhatsApp's colours, so the preview reads as the customer's phone. */
export const wa = {
  header: "bg-[#075e54] text-white dark:bg-[#202c33] dark:text-[#e9edef]",
  wallpaper: "bg-[#efeae2] dark:bg-[#0b141a]",
  incoming: "bg-white text-[#111b21] dark:bg-[#202c33] dark:text-[#e9edef]",
  outgoing: "bg-[#d9fdd3] text-[#111b21] dark:bg-[#005c4b] dark:text-[#e9edef]",
  meta: "text-[#667781] dark:text-[#8696a0]",
  accent: "text-[#027eb5] dark:text-[#53bdeb]",
  chip: "bg-white/90 text-[#54656f] dark:bg-[#182229] dark:text-[#8696a0]",
  bar: "bg-[#f0f2f5] dark:bg-[#202c33]",
  focus: "outline-none focus-visible:ring-2 focus-visible:ring-[#00a884] focus-visible:ring-offset-1",
} as const;

export type Choice = { id: string; title: string; description?: string };

function Bubble({ side, children }: { side: "bot" | "user"; children: React.ReactNode }) {
  return (
    <div
      className={cn(
        "rounded-lg px-2.5 pt-1.5 pb-2 text-[14px] leading-[19px] shadow-[0_1px_0.5px_rgba(11,20,26,0.13)]",
        side === "bot" ? cn(wa.incoming, "rounded-tl-none") : cn(wa.outgoing, "rounded-tr-none"),
      )}
    >
      {children}
    </div>
  );
}

/** One bot message as WhatsApp shows it: text, media card, buttons under the bubble, a list button. */
export const BotBubble = memo(function BotBubble({
  content,
  blockId,
  active,
  onChoose,
}: {
  content: OutboundContent;
  blockId: string;
  /** The newest interactive message: only its buttons still answer. */
  active: boolean;
  onChoose: (choice: Choice) => void;
}) {
  const [listOpen, setListOpen] = useState(false);
  let body: React.ReactNode;
  if (content.type === "text") {
    body = <p className="break-words whitespace-pre-wrap">{content.text}</p>;
  } else if (content.type === "buttons" || content.type === "list") {
    body = (
      <div className="grid gap-1">
        {content.header ? <p className="font-semibold break-words">{content.header}</p> : null}
        <p className="break-words whitespace-pre-wrap">{content.body}</p>
        {content.footer ? <p className={cn("text-[12px]", wa.meta)}>{content.footer}</p> : null}
      </div>
    );
  } else if (content.type === "template") {
    body = (
      <div className="grid gap-1">
        <p className={cn("flex items-center gap-1 text-[11px] font-medium uppercase", wa.meta)}>
          <SquareDashed aria-hidden className="size-3.5" />
          Template · {content.language}
        </p>
        <p className="font-semibold break-all">{content.name}</p>
      </div>
    );
  } else if (content.type === "reaction") {
    body = <p className="text-2xl">{content.emoji}</p>;
  } else {
    const Icon = content.type === "image" || content.type === "sticker" ? ImageIcon : FileText;
    body = (
      <div className="grid gap-1.5">
        <div className="flex items-center gap-2 rounded-md bg-black/5 p-2 dark:bg-white/5">
          <Icon aria-hidden className={cn("size-7 shrink-0", wa.meta)} />
          <div className="min-w-0">
            <p className="text-xs font-medium capitalize">{content.type}</p>
            <p className={cn("truncate text-xs", wa.accent)}>{content.link}</p>
          </div>
        </div>
        {content.caption ? <p className="break-words whitespace-pre-wrap">{content.caption}</p> : null}
      </div>
    );
  }

  return (
    <div className="flex max-w-[88%] flex-col self-start" data-testid="preview-message" data-from="bot" data-type={content.type} data-block-id={blockId}>
      <Bubble side="bot">
        {body}
        {content.type === "list" ? (
          <div className="-mx-2.5 mt-2 border-t border-[#e9edef] dark:border-[#2a3942]">
            <button
              type="button"
              disabled={!active}
              aria-expanded={listOpen}
              data-testid={active ? "preview-list-open" : undefined}
              onClick={() => setListOpen((o) => !o)}
              className={cn("flex h-8 w-full items-center justify-center gap-2 text-[14px] font-medium disabled:opacity-60", wa.accent, wa.focus)}
            >
              <List aria-hidden className="size-4" />
              {content.button}
            </button>
          </div>
        ) : null}
      </Bubble>
      {content.type === "buttons" ? (
        <div className="mt-0.5 grid gap-0.5" role="group" aria-label="Reply buttons">
          {content.buttons.map((button) => (
            <button
              key={button.id}
              type="button"
              disabled={!active}
              data-testid={active ? `preview-button-${button.id}` : undefined}
              onClick={() => onChoose(button)}
              className={cn(
                "flex h-9 items-center justify-center gap-1.5 rounded-lg text-[14px] font-medium shadow-[0_1px_0.5px_rgba(11,20,26,0.13)] disabled:opacity-60",
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
      ) : null}
      {content.type === "list" && listOpen && active ? (
        <div role="group" aria-label={content.button} className={cn("mt-1 overflow-hidden rounded-lg shadow", wa.incoming)} data-testid="preview-list">
          {content.sections.map((section, si) => (
            <div key={si}>
              {section.title ? <p className="px-3 pt-2 text-[12px] font-medium text-[#008069] dark:text-[#00a884]">{section.title}</p> : null}
              {section.rows.map((row) => (
                <button
                  key={row.id}
                  type="button"
                  data-testid={`preview-list-row-${row.id}`}
                  onClick={() => {
                    setListOpen(false);
                    onChoose(row);
                  }}
                  className={cn("flex w-full flex-col items-start px-3 py-2 text-left hover:bg-black/5 dark:hover:bg-white/5", wa.focus)}
                >
                  <span className="text-[14px]">{row.title}</span>
                  {row.description ? <span className={cn("text-[12px]", wa.meta)}>{row.description}</span> : null}
                </button>
              ))}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
});

export function UserBubble({ text }: { text: string }) {
  return (
    <div className="flex max-w-[85%] flex-col items-end self-end" data-testid="preview-message" data-from="user">
      <Bubble side="user">
        <p className="break-words whitespace-pre-wrap">{text}</p>
      </Bubble>
    </div>
  );
}

export function SystemNote({ text, tone = "info" }: { text: string; tone?: "info" | "error" }) {
  return (
    <p
      data-testid="preview-message"
      data-from="system"
      className={cn(
        "mx-auto my-1 max-w-[90%] rounded-md px-2.5 py-1 text-center text-[12px] shadow-sm",
        tone === "error" ? "bg-[#fde8e8] text-[#b42318] dark:bg-[#3b1a1a] dark:text-[#ff9b9b]" : wa.chip,
      )}
    >
      {text}
    </p>
  );
}
