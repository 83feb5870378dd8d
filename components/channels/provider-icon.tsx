import { Cloud, FlaskConical } from "lucide-react";

import type { Provider } from "@/lib/channels/types";
import { cn } from "@/lib/utils";

/** A small brand-coloured tile per provider (not the real logos). */
export function ProviderIcon({ provider, className }: { provider: Provider; className?: string }) {
  const tile = "flex size-10 shrink-0 items-center justify-center rounded-lg text-white";
  switch (provider) {
    case "meta":
      return (
        <span aria-hidden className={cn(tile, "bg-[#0866ff]", className)}>
          <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round">
            <path d="M4 15.5c0-4 2-8 4.2-8 3.3 0 4.8 9 7.8 9 1.8 0 3-1.6 3-4 0-3.3-1.6-5-3-5-3 0-4.9 8-8 8C5.3 15.5 4 15.5 4 15.5Z" />
          </svg>
        </span>
      );
    case "360dialog":
      return (
        <span aria-hidden className={cn(tile, "bg-[#1b1f3b] text-[11px] font-bold tracking-tight dark:ring-1 dark:ring-white/15", className)}>
          360
        </span>
      );
    case "ycloud":
      return (
        <span aria-hidden className={cn(tile, "bg-[#2f6bff]", className)}>
          <Cloud className="size-5" />
        </span>
      );
    case "twilio":
      return (
        <span aria-hidden className={cn(tile, "bg-[#f22f46]", className)}>
          <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
            <circle cx="12" cy="12" r="8.5" />
            <circle cx="9.2" cy="9.2" r="1.6" fill="currentColor" stroke="none" />
            <circle cx="14.8" cy="9.2" r="1.6" fill="currentColor" stroke="none" />
            <circle cx="9.2" cy="14.8" r="1.6" fill="currentColor" stroke="none" />
            <circle cx="14.8" cy="14.8" r="1.6" fill="currentColor" stroke="none" />
          </svg>
        </span>
      );
    case "sandbox":
      return (
        <span aria-hidden className={cn(tile, "bg-primary/12 text-primary", className)}>
          <FlaskConical className="size-5" />
        </span>
      );
  }
}
