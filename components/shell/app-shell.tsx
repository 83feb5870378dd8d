import Link from "next/link";

import { Logo, LogoMark } from "@/components/brand/logo";
import type { CurrentUser } from "@/lib/auth/current-user";

import { HeaderTitle } from "./header-title";
import { SidebarNav } from "./sidebar-nav";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Sidebar + top bar around every signed-in page. The sidebar shrinks to icons below lg. */
export function AppShell({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-dvh w-16 shrink-0 flex-col border-r border-sidebar-border bg-sidebar lg:w-60">
        <div className="flex h-14 items-center justify-center border-b border-sidebar-border px-3 lg:justify-start lg:px-5">
          <Link
            href="/inbox"
            aria-label="Tickflow home"
            className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <LogoMark className="size-7 lg:hidden" />
            <Logo className="hidden lg:inline-flex" markClassName="size-7" />
          </Link>
        </div>
        <div className="flex-1 overflow-y-auto py-4">
          <SidebarNav />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-3 border-b bg-background/90 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/75 lg:px-6">
          <HeaderTitle />
          <div className="ml-auto flex items-center gap-1.5">
            <ThemeToggle />
            <UserMenu user={user} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none lg:px-8 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
