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

/** "closes in 23 h", "closes in 12 min", or null once closed. */
export function windowLeft(expiresAt: string | null | undefined, now = Date.now()): string | null {
  if (!expiresAt) return null;
  const ms = Date.parse(expiresAt) - now;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60 ? `closes in ${Math.floor(minutes / 60)} h` : `closes in ${Math.max(minutes, 1)} min`;
}
