"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";

export function CopyButton({
  value,
  label = "Copy",
  onCopied,
  ...props
}: {
  value: string;
  label?: string;
  onCopied?: () => void;
  "data-testid"?: string;
}) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      onCopied?.();
    } catch {
      // No clipboard access (plain http, or permission refused): the value stays selectable.
      toast.error("Couldn't copy automatically — select the text and press Ctrl+C (⌘C on a Mac).");
    }
  }

  return (
    <Button type="button" variant="outline" onClick={() => void copy()} aria-live="polite" {...props}>
      {copied ? <Check aria-hidden className="text-success" /> : <Copy aria-hidden />}
      {copied ? "Copied" : label}
    </Button>
  );
}
