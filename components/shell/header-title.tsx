"use client";

import { usePathname } from "next/navigation";

import { NAV_ITEMS, isActive } from "./nav-items";

/** The current section's name in the top bar; the page itself carries the <h1>. */
export function HeaderTitle() {
  const pathname = usePathname();
  const item = NAV_ITEMS.find((candidate) => isActive(pathname, candidate.href));
  if (!item) return <span className="text-sm text-muted-foreground">Tickflow</span>;
  const Icon = item.icon;
  return (
    <span className="flex items-center gap-2 text-sm font-medium text-muted-foreground">
      <Icon aria-hidden className="size-4" />
      <span className="text-foreground">{item.label}</span>
    </span>
  );
}
