"use client";

import { useMutation } from "@tanstack/react-query";
import { Lock, RotateCcw, SendHorizontal, Smartphone, X } from "lucide-react";
import { useLayoutEffect, useRef, useState } from "react";

import { ApiError, apiFetch } from "@/components/data/api-fetch";
import { Button } from "@/components/ui/button";
import type { OutboundContent } from "@/lib/channels/content";
import type { FlowDocument } from "@/lib/flow";
import { cn } from "@/lib/utils";

import type { OverlayStore, PathData } from "../overlay-store";
import { BotBubble, SystemNote, UserBubble, wa, type Choice } from "./bubbles";

type PreviewMessage = { type: "text"; text: string } | { type: "interactive"; interactiveId: string; interactiveTitle: string; text: string };

type PreviewResponse = {
  session: unknown;
  messages: { blockId: string; content: OutboundContent }[];
  steps: { blockId: string; blockType: string; output?: string; error?: string; at: string }[];
  status: "waiting" | "ended" | "error" | "handoff" | "goto_flow" | "awaiting_http";
  notices: string[];
};

type ChatItem =
  | { kind: "bot"; key: string; blockId: string; content: OutboundContent }
  | { kind: "user"; key: string; text: string }
  | { kind: "system"; key: string; text: string; tone?: "info" | "error" };

const CONTACT = { name: "Test customer", phone: "15550100000" };

const ENDINGS: Partial<Record<PreviewResponse["status"], string>> = {
  ended: "The conversation ended. Send a message to start again.",
  handoff: "Handed to an agent: the bot stops here.",
  goto_flow: "Continues in another flow; the preview stops here.",
};

/** The path a turn took, as blocks in order and the connections between them. */
export function pathOf(steps: PreviewResponse["steps"], doc: FlowDocument, waiting: boolean): PathData {
  const blocks = steps.map((s) => s.blockId);
  const edges = steps.flatMap((step, index) => {
    const next = steps[index + 1];
    if (!step.output || !next) return [];
    return doc.edges.some((e) => e.source === step.blockId && e.sourceOutput === step.output && e.target === next.blockId)
      ? [{ source: step.blockId, sourceOutput: step.output, target: next.blockId }]
      : [];
  });
  return { blocks, edges, current: waiting ? blocks.at(-1) : undefined };
}

/**
 * The test phone: runs the current draft on the server in a private sandbox session
 * (never the published flow, never a real customer), shows the bot's messages as
 * WhatsApp renders them, and lights up the path on the canvas.
 */
export function PreviewPanel({
  flowId,
  getDocument,
  overlay,
  onClose,
}: {
  flowId: string;
  getDocument: () => FlowDocument;
  overlay: OverlayStore;
  onClose: () => void;
}) {
  const [items, setItems] = useState<ChatItem[]>([]);
  const [text, setText] = useState("");
  const session = useRef<unknown>(null);
  const counter = useRef(0);
  const logRef = useRef<HTMLDivElement>(null);
  const key = () => `m${counter.current++}`;

  const turn = useMutation({
    mutationFn: async (message: PreviewMessage) => {
      const document = getDocument();
      const response = await apiFetch<PreviewResponse>("/api/v1/flows/preview", {
        method: "POST",
        json: { flowId, document, session: session.current, event: { type: "message", message }, contact: CONTACT },
      });
      return { response, document };
    },
    onSuccess: ({ response, document }) => {
      session.current = response.status === "waiting" || response.status === "awaiting_http" ? response.session : null;
      const added: ChatItem[] = response.messages.map((m) => ({ kind: "bot", key: key(), blockId: m.blockId, content: m.content }));
      for (const notice of response.notices ?? []) added.push({ kind: "system", key: key(), text: notice });
      const failed = response.steps.find((s) => s.error);
      if (response.status === "error") added.push({ kind: "system", key: key(), tone: "error", text: `Flow error: ${failed?.error ?? "the flow stopped."}` });
      else if (response.steps.length === 0 && response.messages.length === 0) {
        added.push({ kind: "system", key: key(), text: "The trigger did not match this message, so the flow did not start." });
      } else if (ENDINGS[response.status] && !(response.notices ?? []).length) added.push({ kind: "system", key: key(), text: ENDINGS[response.status]! });
      setItems((current) => [...current, ...added]);
      if (response.steps.length) overlay.setPath(pathOf(response.steps, document, response.status === "waiting"));
    },
    onError: (error) => {
      const missing = error instanceof ApiError && (error.status === 404 || error.status === 405);
      setItems((current) => [
        ...current,
        {
          kind: "system",
          key: key(),
          tone: "error",
          text: missing ? "The test phone needs the preview service (POST /api/v1/flows/preview), which this server doesn't have yet." : error.message,
        },
      ]);
    },
  });
  const unavailable = turn.error instanceof ApiError && (turn.error.status === 404 || turn.error.status === 405);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [items.length]);

  function send(message: PreviewMessage, shown: string) {
    if (turn.isPending) return;
    setItems((current) => [...current, { kind: "user", key: key(), text: shown }]);
    turn.mutate(message);
  }

  function restart() {
    session.current = null;
    setItems([]);
    turn.reset();
    overlay.setPath(null);
  }

  const lastInteractive = [...items].reverse().find((i) => i.kind === "bot" && (i.content.type === "buttons" || i.content.type === "list"));
  const lastBot = [...items].reverse().find((i) => i.kind === "bot");

  return (
    <div className="flex h-full flex-col" data-testid="preview-panel">
      <header className="flex items-center gap-2 border-b px-4 py-3">
        <Smartphone aria-hidden className="size-4 text-muted-foreground" />
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold">Test the draft</h2>
          <p className="text-[11px] text-muted-foreground">Private test chat: not the live flow, no real customer.</p>
        </div>
        <Button variant="ghost" size="icon-sm" aria-label="Restart the test chat" title="Restart" data-testid="preview-restart" onClick={restart}>
          <RotateCcw aria-hidden />
        </Button>
        <Button variant="ghost" size="icon-sm" aria-label="Close the test phone" onClick={onClose}>
          <X aria-hidden />
        </Button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col p-3">
        <section
          aria-label="Test phone"
          className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-[1.75rem] border-[6px] border-neutral-900 shadow-lg dark:border-neutral-700"
        >
          <div className={cn("flex items-center gap-2 px-3 py-2", wa.header)}>
            <div aria-hidden className="flex size-8 items-center justify-center rounded-full bg-white/25 text-sm font-semibold">
              T
            </div>
            <div className="min-w-0">
              <p className="truncate text-[14px] leading-tight font-medium">Your business</p>
              <p className="truncate text-[11px] leading-tight opacity-90">{turn.isPending ? "typing…" : "Draft preview"}</p>
            </div>
          </div>
          <div
            ref={logRef}
            role="log"
            aria-live="polite"
            aria-label="Test conversation"
            tabIndex={0}
            data-testid="preview-log"
            className={cn("relative flex min-h-0 flex-1 flex-col gap-1.5 overflow-y-auto px-2.5 py-3 outline-none focus-visible:ring-2 focus-visible:ring-[#00a884] focus-visible:ring-inset", wa.wallpaper)}
          >
            <p className={cn("mx-auto mb-1 flex max-w-[92%] items-start gap-1.5 rounded-lg px-3 py-1.5 text-center text-[11px] leading-snug shadow-sm", wa.chip)}>
              <Lock aria-hidden className="mt-0.5 size-3 shrink-0" />
              Runs your current draft, including unsaved edits. API calls are made for real.
            </p>
            {items.length === 0 ? <SystemNote text="Type what a customer would send, e.g. “hi”." /> : null}
            {items.map((item) =>
              item.kind === "bot" ? (
                <BotBubble
                  key={item.key}
                  content={item.content}
                  blockId={item.blockId}
                  active={item === lastInteractive && item === lastBot && !turn.isPending}
                  onChoose={(choice: Choice) =>
                    send({ type: "interactive", interactiveId: choice.id, interactiveTitle: choice.title, text: choice.title }, choice.title)
                  }
                />
              ) : item.kind === "user" ? (
                <UserBubble key={item.key} text={item.text} />
              ) : (
                <SystemNote key={item.key} text={item.text} tone={item.tone} />
              ),
            )}
          </div>
          <form
            className={cn("flex items-center gap-1.5 px-2 py-2", wa.bar)}
            onSubmit={(event) => {
              event.preventDefault();
              const value = text.trim();
              if (!value) return;
              send({ type: "text", text: value }, value);
              setText("");
            }}
          >
            <label htmlFor="preview-input" className="sr-only">
              Message as the customer
            </label>
            <input
              id="preview-input"
              data-testid="preview-input"
              autoComplete="off"
              placeholder="Message"
              value={text}
              disabled={unavailable}
              onChange={(event) => setText(event.target.value)}
              className={cn(
                "h-9 min-w-0 flex-1 rounded-full bg-white px-4 text-[14px] text-[#111b21] placeholder:text-[#54656f] disabled:opacity-60 dark:bg-[#2a3942] dark:text-[#e9edef] dark:placeholder:text-[#8696a0]",
                wa.focus,
              )}
            />
            <button
              type="submit"
              aria-label="Send"
              data-testid="preview-send"
              disabled={!text.trim() || turn.isPending || unavailable}
              className={cn("flex size-9 shrink-0 items-center justify-center rounded-full bg-[#008069] text-white disabled:opacity-60 dark:bg-[#00a884] dark:text-[#111b21]", wa.focus)}
            >
              <SendHorizontal aria-hidden className="size-4" />
            </button>
          </form>
        </section>
        {unavailable ? (
          <p className="mt-2 text-xs text-muted-foreground" data-testid="preview-unavailable">
            Until then, publish the flow and try it in the Simulator.
          </p>
        ) : null}
      </div>
    </div>
  );
}
