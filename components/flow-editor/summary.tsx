import { cn } from "@/lib/utils";

/** Building blocks for the readable one-line summaries the blocks' node.tsx render. */

export function Summary({ children, className }: { children: React.ReactNode; className?: string }) {
  return <p className={cn("line-clamp-3 text-xs leading-snug break-words text-foreground/90", className)}>{children}</p>;
}

/** A value the operator typed, shown bold in quotes: “price”. */
export function Q({ children }: { children: React.ReactNode }) {
  return <strong className="font-semibold">“{children}”</strong>;
}

/** What is still missing, in muted italics. */
export function Missing({ children }: { children: React.ReactNode }) {
  return <span className="text-muted-foreground italic">{children}</span>;
}

/** “a”, “b” or “c” (+2 more). */
export function QuotedList({ values, joiner = "or", max = 3 }: { values: string[]; joiner?: string; max?: number }) {
  const shown = values.slice(0, max);
  return (
    <>
      {shown.map((value, index) => (
        <span key={index}>
          {index > 0 ? (index === shown.length - 1 && values.length <= max ? ` ${joiner} ` : ", ") : null}
          <Q>{value}</Q>
        </span>
      ))}
      {values.length > max ? <span className="text-muted-foreground"> +{values.length - max} more</span> : null}
    </>
  );
}

/** Reply buttons / list rows as WhatsApp-like chips: [Price] [Support]. */
export function Chips({ items }: { items: string[] }) {
  if (items.length === 0) return null;
  return (
    <span className="mt-1 flex flex-wrap gap-1">
      {items.map((item, index) => (
        <span key={index} className="rounded border bg-background px-1.5 py-0.5 text-[11px] font-medium text-sky-700 dark:text-sky-300">
          {item || "…"}
        </span>
      ))}
    </span>
  );
}

/** Clips long text for a node: the first `max` characters and an ellipsis. */
export function clip(text: string | undefined, max = 80): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
