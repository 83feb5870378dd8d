"use client";

import { CircleAlert, SendHorizontal } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";

import { useSendAgentMessage } from "./queries";

/** Send a text as the signed-in agent. Enter sends; Shift+Enter starts a new line. */
export function Composer({ conversationId, windowClosed }: { conversationId: string; windowClosed: boolean }) {
  const [text, setText] = useState("");
  const send = useSendAgentMessage(conversationId);

  function submit() {
    const value = text.trim();
    if (!value || send.isPending) return;
    send.mutate(value, { onSuccess: () => setText("") });
  }

  return (
    <form
      className="grid gap-2 border-t bg-background p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {send.error ? (
        <p role="alert" data-testid="composer-error" className="flex items-start gap-2 text-sm text-destructive">
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          {send.error.message}
        </p>
      ) : windowClosed ? (
        <p className="text-xs text-muted-foreground" data-testid="composer-window-closed">
          The 24-hour window is closed: WhatsApp only accepts templates until the customer writes again.
        </p>
      ) : null}
      <div className="flex items-end gap-2">
        <label htmlFor={`composer-${conversationId}`} className="sr-only">
          Reply as agent
        </label>
        <Textarea
          id={`composer-${conversationId}`}
          data-testid="composer-input"
          rows={1}
          maxLength={4096}
          placeholder="Type a reply…"
          className="max-h-40 min-h-10 resize-none"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            if (send.error) send.reset();
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <Button type="submit" data-testid="composer-send" disabled={!text.trim() || send.isPending} aria-label="Send reply">
          <SendHorizontal aria-hidden />
          <span className="hidden sm:inline">{send.isPending ? "Sending…" : "Send"}</span>
        </Button>
      </div>
    </form>
  );
}
