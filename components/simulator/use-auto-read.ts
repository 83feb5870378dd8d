"use client";

import { useEffect, useRef } from "react";

import type { SimMessage } from "./queries";

const RETRY_MS = 3_000;
const MAX_ATTEMPTS = 3;

function pageIsSeen(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}

/**
 * The phone "reads" the bot's messages when they are on screen and the page has focus,
 * as WhatsApp does: the sandbox then posts the `read` status. (The caller turns this off
 * while "fail with 131026" is on: an undeliverable message never reaches a phone, and a
 * read would outrank its failure.) A message still unread a
 * few seconds later (the read raced its delivery) is asked about again, a few times.
 */
export function useAutoRead({
  waId,
  messages,
  enabled,
  markRead,
}: {
  waId: string | null;
  messages: SimMessage[];
  enabled: boolean;
  markRead: (waId: string) => void;
}) {
  const attempts = useRef(new Map<string, { count: number; at: number }>());
  // Only what reached the phone: "accepted" is still on its way, "failed" never arrives.
  const unread = messages
    .filter((message) => message.direction === "out" && (message.status === "sent" || message.status === "delivered"))
    .map((message) => message.id);
  const unreadKey = unread.join(",");

  useEffect(() => {
    if (!enabled || !waId || unreadKey === "") return;
    const ids = unreadKey.split(",");

    const due = () => {
      const now = Date.now();
      return ids.filter((id) => {
        const seen = attempts.current.get(id);
        return !seen || (seen.count < MAX_ATTEMPTS && now - seen.at >= RETRY_MS);
      });
    };

    const attempt = () => {
      const ids = due();
      if (ids.length === 0 || !pageIsSeen()) return;
      const now = Date.now();
      for (const id of ids) attempts.current.set(id, { count: (attempts.current.get(id)?.count ?? 0) + 1, at: now });
      markRead(waId);
    };

    attempt();
    const timer = setInterval(attempt, 1_000);
    window.addEventListener("focus", attempt);
    document.addEventListener("visibilitychange", attempt);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", attempt);
      document.removeEventListener("visibilitychange", attempt);
    };
  }, [enabled, waId, unreadKey, markRead]);
}
