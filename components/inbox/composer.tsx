"use client";

import { Bold, CircleAlert, Clock, Code, Italic, SendHorizontal, StickyNote, Strikethrough, UserX } from "lucide-react";
import { useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";

import { EmojiPicker } from "./emoji-picker";
import { MediaForm } from "./media-form";
import { useAddNote, useQuickReplies, useSendMessage, type OutgoingContent } from "./queries";
import { matchingQuickReplies, QuickRepliesDialog, QuickReplyMenu } from "./quick-replies";
import { TemplatePicker } from "./template-picker";
import type { Conversation } from "./types";

const FORMATS = [
  { marker: "*", label: "Bold", icon: Bold },
  { marker: "_", label: "Italic", icon: Italic },
  { marker: "~", label: "Strikethrough", icon: Strikethrough },
  { marker: "```", label: "Monospace", icon: Code },
] as const;

/**
 * Reply as the agent (text with emoji and WhatsApp formatting, saved answers with "/",
 * media by URL) or write an internal note. Outside the 24-hour window a free-form reply
 * would be refused, so the reply side becomes a template picker and says why.
 */
export function Composer({ conversation, windowClosed }: { conversation: Conversation; windowClosed: boolean }) {
  const [mode, setMode] = useState<"reply" | "note">("reply");
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const send = useSendMessage(conversation.id);
  const note = useAddNote(conversation.id);
  const replies = useQuickReplies();
  const suggestions = mode === "reply" ? matchingQuickReplies(replies.data ?? [], text) : null;
  const error = mode === "reply" ? send.error : note.error;
  // Replies go out optimistically, one after the other; a note waits for the server.
  const pending = mode === "note" && note.isPending;

  function submit() {
    const value = text.trim();
    if (!value || pending) return;
    if (mode === "note") {
      note.mutate(value, { onSuccess: () => setText("") });
      return;
    }
    // Shown at once as queued; the text box is free for the next message.
    send.mutate({ type: "text", text: value }, { onError: () => setText((current) => current || value) });
    setText("");
  }

  function sendContent(content: OutgoingContent) {
    send.mutate(content);
  }

  function insert(snippet: string) {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + snippet + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  }

  function wrap(marker: string) {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const selected = text.slice(start, end) || "text";
    setText(text.slice(0, start) + marker + selected + marker + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + marker.length, start + marker.length + selected.length);
    });
  }

  const showTemplates = mode === "reply" && windowClosed;

  return (
    <div className={cn("grid gap-2 border-t p-3", mode === "note" ? "bg-amber-50/60 dark:bg-amber-950/20" : "bg-background")} data-testid="composer">
      <div className="flex flex-wrap items-center gap-2">
        <div className="inline-flex rounded-md border p-0.5" role="group" aria-label="Composer mode">
          <Button type="button" size="sm" variant={mode === "reply" ? "secondary" : "ghost"} className="h-7" aria-pressed={mode === "reply"} onClick={() => setMode("reply")} data-testid="composer-mode-reply">
            <SendHorizontal aria-hidden />
            Reply
          </Button>
          <Button type="button" size="sm" variant={mode === "note" ? "secondary" : "ghost"} className="h-7" aria-pressed={mode === "note"} onClick={() => setMode("note")} data-testid="composer-mode-note">
            <StickyNote aria-hidden />
            Note
          </Button>
        </div>
        {mode === "note" ? <span className="text-xs text-muted-foreground">Only agents see notes; they are never sent to the customer.</span> : null}
        {conversation.contact.optedOut && mode === "reply" ? (
          <span className="flex items-center gap-1 text-xs text-amber-700 dark:text-amber-400" data-testid="composer-opted-out">
            <UserX aria-hidden className="size-3.5" />
            This customer opted out of messages (sent STOP).
          </span>
        ) : null}
      </div>

      {showTemplates ? (
        <p className="flex items-start gap-2 rounded-md border border-amber-300/60 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-500/30 dark:bg-amber-950/30 dark:text-amber-100" data-testid="composer-window-closed">
          <Clock aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>
            <strong>The 24-hour window is closed.</strong> The customer has not written in the last 24 hours, so WhatsApp only delivers approved templates until they write again. Pick a template, or add a note for your team.
          </span>
        </p>
      ) : null}

      {error ? (
        <p role="alert" data-testid="composer-error" className="flex items-start gap-2 text-sm text-destructive">
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          {error.message}
        </p>
      ) : null}

      {showTemplates ? (
        <TemplatePicker channelId={conversation.channelId} onSend={sendContent} pending={send.isPending} />
      ) : (
        <form
          className="grid gap-1.5"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {suggestions ? (
            <QuickReplyMenu
              items={suggestions}
              active={Math.min(active, Math.max(suggestions.length - 1, 0))}
              onPick={(reply) => {
                setText(reply.text);
                area.current?.focus();
              }}
            />
          ) : null}
          <label htmlFor={`composer-${conversation.id}`} className="sr-only">
            {mode === "note" ? "Internal note" : "Reply as agent"}
          </label>
          <Textarea
            ref={area}
            id={`composer-${conversation.id}`}
            data-testid="composer-input"
            rows={2}
            maxLength={4096}
            placeholder={mode === "note" ? "Write a note for your team…" : "Type a reply… (“/” for saved answers)"}
            className="max-h-48 min-h-14 resize-none"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setActive(0);
              if (send.error) send.reset();
              if (note.error) note.reset();
            }}
            onKeyDown={(event) => {
              if (suggestions && suggestions.length > 0) {
                if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                  event.preventDefault();
                  setActive((i) => (i + (event.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
                  return;
                }
                if (event.key === "Enter" || event.key === "Tab") {
                  event.preventDefault();
                  setText(suggestions[Math.min(active, suggestions.length - 1)]!.text);
                  return;
                }
              }
              if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
          />
          <div className="flex items-center gap-0.5">
            <EmojiPicker onPick={insert} />
            {FORMATS.map(({ marker, label, icon: Icon }) => (
              <Button key={label} type="button" size="icon-sm" variant="ghost" aria-label={label} title={`${label}: ${marker}text${marker}`} onClick={() => wrap(marker)}>
                <Icon aria-hidden />
              </Button>
            ))}
            {mode === "reply" ? (
              <>
                <QuickRepliesDialog />
                <MediaForm onSend={sendContent} disabled={send.isPending} />
              </>
            ) : null}
            <Button type="submit" size="sm" className="ml-auto" data-testid="composer-send" disabled={!text.trim() || pending} variant={mode === "note" ? "secondary" : "default"}>
              {mode === "note" ? <StickyNote aria-hidden /> : <SendHorizontal aria-hidden />}
              {mode === "note" ? "Add note" : "Send"}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
