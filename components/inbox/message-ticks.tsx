"use client";

import { Check, CheckCheck, CircleAlert, Clock } from "lucide-react";

import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { describeError } from "@/lib/channels/error-catalog";
import { cn } from "@/lib/utils";

export type TickStatus = "queued" | "accepted" | "sent" | "delivered" | "read" | "failed";

export interface StatusHistoryEntry {
  status: string;
  at: string;
  error?: { code: string; title?: string } | null;
}

export interface TickError {
  code: string;
  title?: string;
  meaning?: string;
  fix?: string;
}

const LABELS: Record<TickStatus, string> = {
  queued: "Queued",
  accepted: "Accepted",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
};

const STATUS_WORDS: Record<string, string> = {
  ...LABELS,
  received: "Received",
  played: "Played",
  deleted: "Deleted",
};

export function isTickStatus(value: unknown): value is TickStatus {
  return typeof value === "string" && value in LABELS;
}

const timeFormat = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });

function when(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

/** The icon alone: clock, ✓, grey ✓✓, blue ✓✓ or a red ❗. */
function TickIcon({ status, className }: { status: TickStatus; className?: string }) {
  const base = cn("size-4 shrink-0", className);
  switch (status) {
    case "queued":
    case "accepted":
      return <Clock aria-hidden className={cn(base, "size-3.5 opacity-70")} />;
    case "sent":
      return <Check aria-hidden className={cn(base, "opacity-70")} />;
    case "delivered":
      return <CheckCheck aria-hidden className={cn(base, "opacity-70")} />;
    case "read":
      return <CheckCheck aria-hidden className={cn(base, "text-[#1d9bd7] dark:text-[#53bdeb]")} />;
    case "failed":
      return <CircleAlert aria-hidden className={cn(base, "text-destructive")} />;
  }
}

/**
 * An outbound message's delivery state as WhatsApp shows it. With a history (or an
 * error) it becomes a focusable button whose tooltip lists every status received and,
 * for a failure, the code, what it means and what to do.
 */
export function MessageTicks({
  status,
  history,
  error,
  className,
}: {
  status: TickStatus;
  history?: StatusHistoryEntry[];
  error?: TickError | null;
  className?: string;
}) {
  const label = LABELS[status];
  const icon = <TickIcon status={status} />;
  const withDetails = (history && history.length > 0) || error;

  if (!withDetails) {
    return (
      <span role="img" aria-label={label} data-testid={`ticks-${status}`} data-status={status} className={cn("inline-flex", className)}>
        {icon}
      </span>
    );
  }

  // The API's own title/meaning/fix win; the catalogue fills what it left out.
  const info = error ? { ...describeError(error.code), ...stripEmpty(error) } : null;
  const retrying = info !== null && status !== "failed";
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button
          type="button"
          aria-label={label}
          data-testid={`ticks-${status}`}
          data-status={status}
          className={cn(
            "inline-flex rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring/60",
            className,
          )}
        >
          {icon}
        </button>
      </TooltipTrigger>
      <TooltipContent side="top" align="end" className="max-w-sm px-3 py-2 text-left" data-testid="ticks-tooltip">
        {info ? (
          <div className="mb-2 grid gap-1">
            <p className="font-semibold">
              {retrying ? "Last attempt failed: " : null}
              {info.title} <span className="font-mono font-normal opacity-80">({error?.code})</span>
            </p>
            <p className="opacity-90">{info.meaning}</p>
            <p>
              <span className="font-semibold">What to do: </span>
              {info.fix}
            </p>
          </div>
        ) : null}
        {history && history.length > 0 ? (
          <ol className="grid gap-0.5" aria-label="Status history">
            {history.map((entry, index) => (
              <li key={`${entry.status}-${entry.at}-${index}`} className="flex justify-between gap-4 tabular-nums">
                <span>
                  {STATUS_WORDS[entry.status] ?? entry.status}
                  {entry.error ? <span className="opacity-80"> · {entry.error.code}</span> : null}
                </span>
                <span className="opacity-80">{when(entry.at)}</span>
              </li>
            ))}
          </ol>
        ) : null}
      </TooltipContent>
    </Tooltip>
  );
}

function stripEmpty(error: TickError): Partial<TickError> {
  return Object.fromEntries(Object.entries(error).filter(([, value]) => typeof value === "string" && value !== "")) as Partial<TickError>;
}
