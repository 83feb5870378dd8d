import { childLog } from "@/lib/log";

/**
 * The four stages as one readable line each, like the seed's terminal output:
 *   [INBOUND] text from 919959623255: hi
 *   [OUTBOUND] sent to 919959623255: Hello! Type 1 for price…
 *   [STATUS] delivered → 919959623255 | wamid.HBgM…
 */
export const stageLog = childLog("messaging");

export function shorten(text: string | null | undefined, max = 40): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function shortId(id: string | null | undefined): string {
  if (!id) return "?";
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}

export const inboundLine = (type: string, from: string, text: string | null | undefined) =>
  `[INBOUND] ${type} from ${from}: ${shorten(text) || `(${type})`}`;

export const logicLine = (to: string, replies: number) => `[LOGIC] bot queued ${replies} ${replies === 1 ? "reply" : "replies"} for ${to}`;

export const outboundSentLine = (to: string, preview: string) => `[OUTBOUND] sent to ${to}: ${shorten(preview)}`;

export const outboundRetryLine = (to: string, attempt: number, max: number, delayMs: number, code: string, title: string) =>
  `[OUTBOUND] retry ${attempt}/${max} in ${(delayMs / 1000).toFixed(1)} s to ${to}: ${code} ${title}`;

export const outboundFailedLine = (to: string, code: string, title: string) => `[OUTBOUND] failed to ${to}: ${code} ${title}`;

export const statusLine = (status: string, recipient: string | undefined, providerMessageId: string) =>
  `[STATUS] ${status.padEnd(9)} → ${recipient ?? "?"} | ${shortId(providerMessageId)}`;
