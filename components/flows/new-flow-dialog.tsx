"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

import { useCreateFlow } from "./queries";

/** Names a new, empty flow and opens it in the builder. */
export function NewFlowDialog({ variant = "default" }: { variant?: "default" | "outline" }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const create = useCreateFlow();
  const router = useRouter();

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (create.isPending) return;
        setOpen(next);
        if (!next) {
          create.reset();
          setName("");
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant={variant} data-testid="new-flow">
          <Plus aria-hidden />
          New flow
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ name: name.trim() }, { onSuccess: (flow) => router.push(`/flows/${flow.id}`) });
          }}
        >
          <DialogHeader>
            <DialogTitle>New flow</DialogTitle>
            <DialogDescription>It starts empty; you&apos;ll add a trigger and the replies in the builder.</DialogDescription>
          </DialogHeader>
          <FormField id="new-flow-name" label="Name" error={create.error?.message} hint="e.g. Welcome menu, Order status">
            {(control) => (
              <Input {...control} data-testid="new-flow-name" value={name} maxLength={120} autoFocus onChange={(e) => setName(e.target.value)} />
            )}
          </FormField>
          <DialogFooter>
            <Button type="submit" disabled={!name.trim() || create.isPending} data-testid="new-flow-submit">
              {create.isPending ? "Creating…" : "Create and open"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
