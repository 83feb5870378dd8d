"use client";

import { ArrowLeft, Image as ImageIcon, Lock, MapPin, SendHorizontal } from "lucide-react";
import { useLayoutEffect, useMemo, useRef, useState } from "react";

import { readOutbound } from "@/components/data/message-content";
import type { OutboundContent } from "@/lib/channels/content";
import { cn } from "@/lib/utils";

import { ImageForm, LocationForm } from "./attach-forms";
import { BotMessage, CustomerMessage } from "./bubbles";
import { wa } from "./palette";
import { PhoneSheet } from "./phone-sheet";
import type { Customer, SimMessage, SimOutgoing } from "./queries";

type ListContent = Extract<OutboundContent, { type: "list" }>;

const day = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

function dayLabel(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const today = new Date();
  const yesterday = new Date(today);
  yesterday.setDate(today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return "Today";
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  return day.format(date);
}

function isInteractive(message: SimMessage): boolean {
  if (message.direction !== "out") return false;
  const type = readOutbound(message.content)?.type;
  return type === "buttons" || type === "list";
}

export function Phone({
  business,
  customer,
  messages,
  pending,
  error,
  onSend,
}: {
  business: { name: string; number: string | null };
  customer: Customer | null;
  messages: SimMessage[];
  pending: SimOutgoing[];
  error: string | null;
  onSend: (message: SimOutgoing, replyTo?: string) => void;
}) {
  const [screen, setScreen] = useState<HTMLDivElement | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState<{ list: ListContent; replyTo?: string } | null>(null);
  const list = open?.list ?? null;
  const [attach, setAttach] = useState<"location" | "image" | null>(null);
  const disabled = customer === null;

  const latestInteractive = useMemo(() => messages.findLast(isInteractive)?.id, [messages]);
  // New messages, and a late failure note under the last one, scroll into view.
  const tail = messages.at(-1);
  const tailKey = `${customer?.waId}:${messages.length + pending.length}:${tail?.id}:${tail?.status}`;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [tailKey]);

  function send(message: SimOutgoing, replyTo?: string) {
    if (disabled) return;
    onSend(message, replyTo);
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = text.trim();
    if (!value || disabled) return;
    send({ type: "text", text: value });
    setText("");
  }

  return (
    <section
      aria-label="Simulated WhatsApp phone"
      data-testid="sim-phone"
      className="w-[360px] max-w-full shrink-0 rounded-[2.75rem] border-[10px] border-neutral-900 bg-neutral-900 shadow-2xl ring-1 ring-black/10 dark:border-neutral-800 dark:bg-neutral-800 dark:ring-white/10"
    >
      <div ref={setScreen} className={cn("relative flex h-[calc(100dvh-14.5rem)] max-h-[760px] min-h-[520px] flex-col overflow-hidden rounded-[2.1rem]", wa.wallpaper)}>
        <header className={cn("flex items-center gap-2.5 px-3 pt-5 pb-2.5", wa.header)}>
          <ArrowLeft aria-hidden className="size-5 shrink-0 opacity-90" />
          <div
            aria-hidden
            className="flex size-9 shrink-0 items-center justify-center rounded-full bg-white/25 text-sm font-semibold dark:bg-[#6a7175]"
          >
            {business.name.trim().charAt(0).toUpperCase() || "B"}
          </div>
          <div className="min-w-0">
            <p className="truncate text-[15px] leading-tight font-medium" data-testid="sim-business-name">
              {business.name}
            </p>
            <p className="truncate text-[12px] leading-tight opacity-80" data-testid="sim-business-number">
              {business.number ?? "Business account"}
            </p>
          </div>
        </header>

        <div
          ref={logRef}
          role="log"
          aria-live="polite"
          aria-label={customer ? `Chat between ${customer.name || customer.waId} and ${business.name}` : "Chat"}
          tabIndex={0}
          className={cn("flex flex-1 flex-col gap-1.5 overflow-y-auto px-3 py-3 outline-none focus-visible:ring-2 focus-visible:ring-[#00a884] focus-visible:ring-inset", wa.pattern)}
        >
          <p className={cn("mx-auto mb-2 flex max-w-[90%] items-start gap-1.5 rounded-lg px-3 py-1.5 text-center text-[12px] leading-snug shadow-sm", wa.notice)}>
            <Lock aria-hidden className="mt-0.5 size-3 shrink-0" />
            A simulated phone: each message reaches Tickflow as a signed Meta webhook.
          </p>
          {messages.map((message, index) => {
            const label = dayLabel(message.createdAt);
            const previous = messages[index - 1];
            const separator = label !== "" && (!previous || dayLabel(previous.createdAt) !== label);
            return (
              <div key={message.id} className="contents">
                {separator ? (
                  <p className={cn("mx-auto my-1 rounded-md px-2.5 py-1 text-[12px] shadow-sm", wa.chip)}>{label}</p>
                ) : null}
                {message.direction === "out" ? (
                  <BotMessage message={message} latest={message.id === latestInteractive} onReply={send} onOpenList={(list, replyTo) => setOpen({ list, replyTo })} />
                ) : (
                  <CustomerMessage message={message} />
                )}
              </div>
            );
          })}
          {pending.map((message, index) => (
            <CustomerMessage
              key={`pending-${index}`}
              pending
              message={{ content: message, type: message.type, text: "text" in message ? message.text : "title" in message ? message.title : null, createdAt: "" }}
            />
          ))}
          {messages.length === 0 && pending.length === 0 ? (
            <p className={cn("m-auto max-w-[80%] rounded-lg px-3 py-2 text-center text-[13px] shadow-sm", wa.chip)}>
              Say “hi” to start a conversation with the bot.
            </p>
          ) : null}
        </div>

        {error ? (
          <p role="alert" data-testid="sim-error" className="bg-[#fde8e8] px-3 py-1.5 text-[12px] text-[#b42318] dark:bg-[#3b1a1a] dark:text-[#ff9b9b]">
            {error}
          </p>
        ) : null}

        <form onSubmit={submit} className={cn("flex items-center gap-1.5 px-2 py-2", wa.bar)}>
          <button
            type="button"
            data-testid="sim-location"
            aria-label="Share location"
            title="Share location"
            disabled={disabled}
            onClick={() => setAttach("location")}
            className={cn("flex size-9 shrink-0 items-center justify-center rounded-full disabled:opacity-50", wa.meta, wa.focus)}
          >
            <MapPin aria-hidden className="size-5" />
          </button>
          <button
            type="button"
            data-testid="sim-image"
            aria-label="Send image"
            title="Send image"
            disabled={disabled}
            onClick={() => setAttach("image")}
            className={cn("flex size-9 shrink-0 items-center justify-center rounded-full disabled:opacity-50", wa.meta, wa.focus)}
          >
            <ImageIcon aria-hidden className="size-5" />
          </button>
          <label htmlFor="sim-input" className="sr-only">
            Message
          </label>
          <input
            id="sim-input"
            data-testid="sim-input"
            autoComplete="off"
            placeholder="Message"
            disabled={disabled}
            value={text}
            onChange={(event) => setText(event.target.value)}
            className={cn("h-10 min-w-0 flex-1 rounded-full px-4 text-[15px] disabled:opacity-60", wa.field, wa.focus)}
          />
          <button
            type="submit"
            data-testid="sim-send"
            aria-label="Send"
            disabled={disabled || !text.trim()}
            className={cn("flex size-10 shrink-0 items-center justify-center rounded-full disabled:opacity-60", wa.send, wa.focus)}
          >
            <SendHorizontal aria-hidden className="size-5" />
          </button>
        </form>

        <PhoneSheet
          container={screen}
          open={list !== null}
          onOpenChange={(next) => !next && setOpen(null)}
          title={list?.button ?? ""}
          data-testid="sim-list-sheet"
        >
          {list?.sections.map((section, index) => (
            <div key={index} className="pb-2">
              {section.title ? (
                <p className="px-5 pt-4 pb-1 text-[13px] font-medium text-[#008069] dark:text-[#00a884]">{section.title}</p>
              ) : null}
              <ul>
                {section.rows.map((row) => (
                  <li key={row.id}>
                    <button
                      type="button"
                      data-testid={`sim-list-row-${row.id}`}
                      onClick={() => {
                        setOpen(null);
                        send(
                          { type: "list_reply", id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) },
                          open?.replyTo,
                        );
                      }}
                      className={cn("flex w-full flex-col items-start px-5 py-2.5 text-left hover:bg-black/5 dark:hover:bg-white/5", wa.focus)}
                    >
                      <span className="text-[15px]">{row.title}</span>
                      {row.description ? <span className={cn("text-[13px]", wa.meta)}>{row.description}</span> : null}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </PhoneSheet>

        <PhoneSheet
          container={screen}
          open={attach === "location"}
          onOpenChange={(open) => !open && setAttach(null)}
          title="Share location"
          description="The customer's pin, sent as a WhatsApp location message."
        >
          <LocationForm
            onSend={(message) => {
              setAttach(null);
              send(message);
            }}
          />
        </PhoneSheet>
        <PhoneSheet
          container={screen}
          open={attach === "image"}
          onOpenChange={(open) => !open && setAttach(null)}
          title="Send image"
          description="Sent as an image message with this link (the sandbox does not upload files)."
        >
          <ImageForm
            onSend={(message) => {
              setAttach(null);
              send(message);
            }}
          />
        </PhoneSheet>
      </div>
    </section>
  );
}
