const clock = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const weekday = new Intl.DateTimeFormat("en", { weekday: "short" });
const short = new Intl.DateTimeFormat("en", { month: "short", day: "numeric" });

/** "14:05" today, "Yesterday", "Mon" this week, "Mar 3" before. */
export function formatListTime(value: string | null | undefined, now = Date.now()): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return clock.format(date);
  const yesterday = new Date(now);
  yesterday.setDate(today.getDate() - 1);
  if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
  if (now - date.getTime() < 6 * 24 * 3600 * 1000) return weekday.format(date);
  return short.format(date);
}

export function formatWaId(waId: string): string {
  return /^\d+$/.test(waId) ? `+${waId}` : waId;
}

const dayFormat = new Intl.DateTimeFormat("en", { weekday: "long", month: "short", day: "numeric" });
const dayYearFormat = new Intl.DateTimeFormat("en", { weekday: "short", month: "short", day: "numeric", year: "numeric" });

/** The local calendar day of a timestamp, "2025-03-04". */
export function dayKey(value: string): string {
  const d = new Date(value);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** "Today", "Yesterday", "Monday, Mar 3", or with the year when it is not this year. */
export function dayLabel(value: string, now = Date.now()): string {
  const date = new Date(value);
  const today = new Date(now);
  if (dayKey(value) === dayKey(today.toISOString())) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(today.getDate() - 1);
  if (dayKey(value) === dayKey(yesterday.toISOString())) return "Yesterday";
  return date.getFullYear() === today.getFullYear() ? dayFormat.format(date) : dayYearFormat.format(date);
}

export type WindowState = { open: boolean; msLeft: number; label: string; urgent: boolean };

/**
 * WhatsApp's 24-hour customer-service window as the inbox shows it: "23 h 12 min left",
 * urgent in the last hour, "closed" afterwards (only templates can be sent).
 */
export function windowState(expiresAt: string | null | undefined, now = Date.now()): WindowState {
  const ms = expiresAt ? Date.parse(expiresAt) - now : Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0) return { open: false, msLeft: 0, label: "closed", urgent: false };
  const minutes = Math.floor(ms / 60_000);
  const label = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min left` : `${Math.max(minutes, 1)} min left`;
  return { open: true, msLeft: ms, label, urgent: ms < 3_600_000 };
}
