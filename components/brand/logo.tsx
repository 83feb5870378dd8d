import { cn } from "@/lib/utils";

const BUBBLE =
  "M10 4h12a7 7 0 0 1 7 7v6a7 7 0 0 1-7 7h-8.6l-5.7 4.3c-.8.6-1.9-.1-1.6-1.1l.9-3.9A7 7 0 0 1 3 17v-6a7 7 0 0 1 7-7Z";
const TICK = "m10.5 14.2 3.6 3.6 7.4-7.6";

/** Tickflow's mark: a chat bubble with a delivery tick. Decorative unless given a title. */
export function LogoMark({ className, title }: { className?: string; title?: string }) {
  return (
    <svg
      viewBox="0 0 32 32"
      className={cn("size-8 shrink-0", className)}
      role={title ? "img" : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      <path d={BUBBLE} className="fill-primary" />
      <path
        d={TICK}
        fill="none"
        className="stroke-primary-foreground"
        strokeWidth={2.6}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** The mark with the product name beside it. */
export function Logo({ className, markClassName }: { className?: string; markClassName?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <LogoMark className={markClassName} />
      <span className="text-lg">Tickflow</span>
    </span>
  );
}
