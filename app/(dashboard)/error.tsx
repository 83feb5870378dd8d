"use client";

import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";

import { Button } from "@/components/ui/button";

export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  // Server errors reach the browser without their message in production; the digest
  // matches the server log line.
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  return (
    <div data-testid="page-error" className="mx-auto flex w-full max-w-6xl flex-col gap-6">
      <section
        role="alert"
        className="flex flex-col items-center rounded-xl border border-destructive/30 bg-destructive/5 px-6 py-12 text-center"
      >
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
          <TriangleAlert aria-hidden className="size-6" />
        </div>
        <h1 className="text-lg font-semibold">This page failed to load</h1>
        <p className="mt-2 max-w-md text-sm text-muted-foreground">
          Something went wrong on our side. Try again; if it keeps happening, share the reference below with whoever
          runs this Tickflow.
        </p>
        {digest ? (
          <p className="mt-3 font-mono text-xs text-muted-foreground">
            Reference: <span data-testid="error-digest">{digest}</span>
          </p>
        ) : null}
        <div className="mt-6 flex flex-wrap justify-center gap-2">
          <Button onClick={() => retry()} data-testid="error-retry">
            Try again
          </Button>
          <Button variant="outline" asChild>
            <Link href="/inbox">Go to the inbox</Link>
          </Button>
        </div>
      </section>
    </div>
  );
}
