"use client";

import { KeyRound, Plus, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

import { ApiError } from "@/components/data/api-fetch";
import { FormField } from "@/components/form-field";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";

import { CopyButton } from "./copy-button";
import { useCreateToken, type CreatedToken } from "./queries";

export function CreateTokenDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const createToken = useCreateToken();
  const apiError = createToken.error instanceof ApiError ? createToken.error : null;

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      // The secret leaves memory with the dialog: it can't be shown again.
      setName("");
      setCreated(null);
      createToken.reset();
    }
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    createToken.mutate(
      { name: name.trim() },
      {
        onSuccess: (token) => {
          setCreated(token);
          toast.success(`Token “${token.name}” created`);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="create-token" size="sm">
          <Plus aria-hidden />
          Create token
        </Button>
      </DialogTrigger>
      <DialogContent
        // Once the secret is on screen, a stray click outside must not throw it away.
        onPointerDownOutside={(event) => {
          if (created) event.preventDefault();
        }}
      >
        {created ? (
          <div className="grid gap-5">
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <KeyRound aria-hidden className="size-5 text-primary" />
                Copy your new token
              </DialogTitle>
              <DialogDescription>
                Use it as <code className="font-mono text-foreground">Authorization: Bearer &lt;token&gt;</code> when
                calling the Tickflow API.
              </DialogDescription>
            </DialogHeader>
            <Alert variant="warning">
              <TriangleAlert aria-hidden />
              <AlertTitle>This is the only time it is shown</AlertTitle>
              <AlertDescription>
                Tickflow keeps only a hash. If you lose it, revoke it and create a new one.
              </AlertDescription>
            </Alert>
            <div className="flex items-center gap-2">
              <label htmlFor="created-token" className="sr-only">
                API token
              </label>
              <Input
                id="created-token"
                data-testid="token-value"
                readOnly
                value={created.token}
                spellCheck={false}
                className="font-mono text-sm"
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton value={created.token} data-testid="copy-token" />
            </div>
            <DialogFooter>
              <Button data-testid="token-done" onClick={() => onOpenChange(false)}>
                I&apos;ve copied it
              </Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={submit} className="grid gap-5">
            <DialogHeader>
              <DialogTitle>Create an API token</DialogTitle>
              <DialogDescription>
                For scripts, tests and integrations that call the JSON API. Name it after what will use it.
              </DialogDescription>
            </DialogHeader>
            {createToken.error && !apiError?.fieldError("name") ? (
              <Alert variant="destructive" data-testid="create-token-error">
                <AlertDescription>{createToken.error.message}</AlertDescription>
              </Alert>
            ) : null}
            <FormField id="new-token-name" label="Name" hint="For example “CI smoke tests”." error={apiError?.fieldError("name")}>
              {(control) => (
                <Input
                  {...control}
                  data-testid="new-token-name"
                  required
                  maxLength={100}
                  autoComplete="off"
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                />
              )}
            </FormField>
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" data-testid="create-token-submit" disabled={createToken.isPending || !name.trim()}>
                {createToken.isPending ? "Creating…" : "Create token"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
