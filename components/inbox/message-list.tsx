"use client";

import { useLayoutEffect, useMemo, useRef } from "react";

import { Button } from "@/components/ui/button";

import { dayLabel, dayKey } from "./format";
import { MessageBubble } from "./message-bubble";
import type { InboxMessage } from "./types";
import { useVirtualRows } from "./virtual-rows";

type Row =
  | { key: string; kind: "day"; label: string }
  | { key: string; kind: "message"; message: InboxMessage; reactions?: string[]; quoted?: InboxMessage | null };

const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : undefined);

/**
 * The thread's rows: a separator for each day, reactions folded onto the message they
 * react to (the latest per message wins; an empty emoji removes it), replies carrying the
 * message they quote.
 */
export function threadRows(messages: InboxMessage[], now = Date.now()): Row[] {
  const byWamid = new Map<string, InboxMessage>();
  for (const m of messages) if (m.providerMessageId) byWamid.set(m.providerMessageId, m);
  const reactions = new Map<string, string>();
  const folded = new Set<string>();
  for (const m of messages) {
    if (m.type !== "reaction" || m.direction !== "in") continue;
    const reaction = obj(obj(m.content)?.reaction);
    const target = typeof reaction?.messageId === "string" ? byWamid.get(reaction.messageId) : undefined;
    if (!target) continue;
    folded.add(m.id);
    const emoji = typeof reaction?.emoji === "string" ? reaction.emoji : "";
    if (emoji) reactions.set(target.id, emoji);
    else reactions.delete(target.id);
  }
  const rows: Row[] = [];
  let day = "";
  for (const m of messages) {
    if (folded.has(m.id)) continue;
    const key = dayKey(m.createdAt);
    if (key !== day) {
      day = key;
      rows.push({ key: `day-${key}`, kind: "day", label: dayLabel(m.createdAt, now) });
    }
    const contextId = obj(obj(m.content)?.context)?.messageId;
    const quoted = m.direction === "in" && typeof contextId === "string" ? (byWamid.get(contextId) ?? null) : null;
    const emoji = reactions.get(m.id);
    rows.push({ key: m.id, kind: "message", message: m, ...(emoji ? { reactions: [emoji] } : {}), quoted });
  }
  return rows;
}

/** Above this many rows only those near the viewport are mounted. */
const VIRTUALIZE_AFTER = 120;

export function MessageList({
  messages,
  label,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  now,
}: {
  messages: InboxMessage[];
  label: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  now: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => threadRows(messages, now), [messages, now]);
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const virtual = rows.length > VIRTUALIZE_AFTER;
  const range = useVirtualRows({ keys, scrollRef });
  const visible = virtual ? rows.slice(range.start, range.end) : rows;

  // Stay at the bottom while the agent is there; keep the place when older pages arrive.
  const atBottom = useRef(true);
  const prev = useRef({ first: "", last: "", height: 0 });
  const first = keys[0] ?? "";
  const last = `${keys.at(-1) ?? ""}:${messages.at(-1)?.status ?? ""}:${messages.length}`;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (prev.current.first && first !== prev.current.first && keys.includes(prev.current.first) && !atBottom.current) {
      el.scrollTop += el.scrollHeight - prev.current.height;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    prev.current = { first, last, height: el.scrollHeight };
  });

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (el.scrollTop < 200 && hasOlder && !loadingOlder) onLoadOlder();
  };

  return (
    <div
      ref={scrollRef}
      role="log"
      aria-live="polite"
      aria-label={label}
      tabIndex={0}
      onScroll={onScroll}
      data-testid="thread-log"
      data-message-count={messages.filter((m) => !m.pending).length}
      data-virtual={virtual ? "true" : "false"}
      className="min-h-0 flex-1 overflow-y-auto bg-muted/40 px-4 py-3 outline-none [overflow-anchor:none] focus-visible:ring-2 focus-visible:ring-ring/50 focus-visible:ring-inset"
    >
      {hasOlder ? (
        <div className="flex justify-center pb-2">
          <Button variant="ghost" size="sm" onClick={onLoadOlder} disabled={loadingOlder} data-testid="load-older">
            {loadingOlder ? "Loading older messages…" : "Load older messages"}
          </Button>
        </div>
      ) : null}
      {virtual ? <div style={{ height: range.padTop }} aria-hidden /> : null}
      {visible.map((row) => (
        <div key={row.key} data-row-key={row.key} ref={virtual ? range.measure : undefined} className="py-1">
          {row.kind === "day" ? (
            <div className="flex justify-center py-1" data-testid="day-separator">
              <span className="rounded-full border bg-background px-3 py-0.5 text-xs font-medium text-muted-foreground shadow-xs">{row.label}</span>
            </div>
          ) : (
            <MessageBubble message={row.message} reactions={row.reactions} quoted={row.quoted} />
          )}
        </div>
      ))}
      {virtual ? <div style={{ height: range.padBottom }} aria-hidden /> : null}
    </div>
  );
}
