import Link from "next/link";

import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main data-testid="not-found" className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo />
      <div className="space-y-2">
        <p className="text-sm font-medium text-primary">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="max-w-sm text-sm text-muted-foreground">
          There is nothing at this address. Check the link, or go back to Tickflow.
        </p>
      </div>
      <Button asChild>
        <Link href="/">Back to Tickflow</Link>
      </Button>
    </main>
  );
}
