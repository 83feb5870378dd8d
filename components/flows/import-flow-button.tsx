"use client";

import { FileUp } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";

import { ApiError } from "@/components/data/api-fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

import { useImportFlow } from "./queries";

type Refusal = { file: string; problems: string[] };

/**
 * Imports an exported flow file as a new draft. A file the schema cannot read is refused
 * with its problems listed, and nothing is created.
 */
export function ImportFlowButton({ onImported }: { onImported?: (id: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const importFlow = useImportFlow();
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  async function onFile(file: File) {
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch (error) {
      setRefusal({ file: file.name, problems: [`The file is not JSON: ${(error as Error).message}`] });
      return;
    }
    const fallbackName = file.name.replace(/\.json$/i, "").replace(/[-_]+/g, " ").trim();
    const named = body && typeof body === "object" && !("name" in body) && fallbackName ? { ...body, name: fallbackName } : body;
    importFlow.mutate(named, {
      onSuccess: (flow) => {
        toast.success(`Imported “${flow.name}” as a draft`);
        onImported?.(flow.id);
      },
      onError: (error) => {
        const problems =
          error instanceof ApiError && error.issues.length
            ? error.issues.map((i) => i.message)
            : [error.message];
        setRefusal({ file: file.name, problems });
      },
    });
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        tabIndex={-1}
        aria-hidden
        data-testid="import-flow-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) void onFile(file);
        }}
      />
      <Button variant="outline" data-testid="import-flow" disabled={importFlow.isPending} onClick={() => input.current?.click()}>
        <FileUp aria-hidden />
        {importFlow.isPending ? "Importing…" : "Import"}
      </Button>
      <Dialog open={refusal !== null} onOpenChange={(open) => !open && setRefusal(null)}>
        <DialogContent data-testid="import-problems">
          <DialogHeader>
            <DialogTitle>This file can&apos;t be imported</DialogTitle>
            <DialogDescription>
              Nothing was imported and no flow changed. “{refusal?.file}” has {refusal?.problems.length === 1 ? "this problem" : "these problems"}:
            </DialogDescription>
          </DialogHeader>
          <ul className="grid max-h-72 list-disc gap-1 overflow-y-auto pl-5 text-sm" data-testid="import-problem-list">
            {refusal?.problems.map((problem, index) => (
              <li key={index}>{problem}</li>
            ))}
          </ul>
          <DialogFooter>
            <Button onClick={() => setRefusal(null)}>Close</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
