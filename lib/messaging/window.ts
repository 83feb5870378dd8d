import type { OutboundContent } from "@/lib/channels/content";
import type { MessageError } from "@/db/schema";

/**
 * WhatsApp's customer-service window: for 24 hours after the customer's last message a
 * business may send anything; afterwards only approved templates.
 */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowExpiry(customerMessageAt: Date): Date {
  return new Date(customerMessageAt.getTime() + WINDOW_MS);
}

export function isWindowOpen(windowExpiresAt: Date | null | undefined, now: Date = new Date()): boolean {
  return windowExpiresAt != null && windowExpiresAt.getTime() > now.getTime();
}

/** Everything except templates needs an open window. */
export function needsWindow(content: Pick<OutboundContent, "type">): boolean {
  return content.type !== "template";
}

export const WINDOW_CLOSED_REASON = "the 24-hour window closed — send a template";

/** Stored on a message refused before calling the provider (Meta's own code for it). */
export const WINDOW_CLOSED_ERROR: MessageError = {
  code: "131047",
  title: "24-hour window closed",
  details: WINDOW_CLOSED_REASON,
};

/** Why `content` may not be sent now, or null. */
export function windowRefusal(content: Pick<OutboundContent, "type">, windowExpiresAt: Date | null | undefined, now: Date = new Date()): string | null {
  return needsWindow(content) && !isWindowOpen(windowExpiresAt, now) ? WINDOW_CLOSED_REASON : null;
}
