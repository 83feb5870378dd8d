import type { LucideIcon } from "lucide-react";

import { cn } from "@/lib/utils";

/** A dashed panel that says what will appear here and what to do now. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  actions,
  className,
  ...props
}: {
  icon: LucideIcon;
  title: string;
  children?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
} & Omit<React.ComponentProps<"section">, "title">) {
  return (
    <section
      className={cn(
        "flex flex-col items-center rounded-xl border border-dashed bg-card/50 px-6 py-12 text-center",
        className,
      )}
      {...props}
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
        <Icon aria-hidden className="size-6" />
      </div>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children ? (
        <div className="mt-2 flex max-w-xl flex-col gap-2 text-sm leading-relaxed text-muted-foreground">{children}</div>
      ) : null}
      {actions ? <div className="mt-6 flex flex-wrap items-center justify-center gap-2">{actions}</div> : null}
    </section>
  );
}
