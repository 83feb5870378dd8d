"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { cn } from "@/lib/utils";

import { NAV_ITEMS, isActive } from "./nav-items";

export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 px-2 lg:px-3">
      {NAV_ITEMS.map((item) => {
        const active = isActive(pathname, item.href);
        const Icon = item.icon;
        return (
          <Tooltip key={item.id}>
            <TooltipTrigger asChild>
              <Link
                href={item.href}
                data-testid={`nav-${item.id}`}
                aria-current={active ? "page" : undefined}
                data-active={active || undefined}
                className={cn(
                  "group flex h-10 items-center justify-center gap-3 rounded-md px-2.5 text-sm font-medium text-sidebar-foreground/80 transition-colors outline-none hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 lg:justify-start",
                  "data-[active]:bg-sidebar-accent data-[active]:text-sidebar-accent-foreground",
                )}
              >
                <Icon
                  aria-hidden
                  className="size-5 shrink-0 text-muted-foreground group-hover:text-current group-data-[active]:text-primary lg:size-4"
                />
                {/* Below lg the sidebar shows icons only; the label stays for screen readers. */}
                <span className="sr-only lg:not-sr-only">{item.label}</span>
              </Link>
            </TooltipTrigger>
            <TooltipContent side="right" className="lg:hidden">
              {item.label}
            </TooltipContent>
          </Tooltip>
        );
      })}
    </nav>
  );
}
