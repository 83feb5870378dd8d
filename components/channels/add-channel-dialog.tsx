"use client";

import { ArrowLeft, CircleCheck, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

import { FormField } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
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

import { ConfigFields } from "./config-fields";
import { filled, serverFieldErrors, validateChannel, type FieldErrors } from "./field-errors";
import { ProviderIcon } from "./provider-icon";
import { ADDABLE_PROVIDERS, PROVIDER_INFO, randomSecret, type AddableProvider } from "./providers";
import { useCreateChannel, type Channel } from "./queries";
import { WebhookPanel } from "./webhook-panel";

function initialConfig(provider: AddableProvider): Record<string, string> {
  return Object.fromEntries(PROVIDER_INFO[provider].fields.filter((f) => f.generate).map((f) => [f.name, randomSecret()]));
}

export function AddChannelDialog() {
  const [open, setOpen] = useState(false);
  const [provider, setProvider] = useState<AddableProvider | null>(null);
  const [name, setName] = useState("");
  const [config, setConfig] = useState<Record<string, string>>({});
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  // Fields edited since the server's answer: its complaint about them is stale.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [created, setCreated] = useState<{ channel: Channel; plain: Record<string, string> } | null>(null);
  const create = useCreateChannel();

  function reset() {
    setProvider(null);
    setName("");
    setConfig({});
    setLocalErrors({});
    setEdited(new Set());
    setCreated(null);
    create.reset();
  }

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) reset();
  }

  function pick(next: AddableProvider) {
    setProvider(next);
    setConfig(initialConfig(next));
    setLocalErrors({});
    create.reset();
  }

  function markEdited(field: string) {
    if (localErrors[field]) setLocalErrors(({ [field]: _, ...rest }) => rest);
    if (!edited.has(field)) setEdited(new Set(edited).add(field));
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!provider) return;
    const values = filled(config);
    const errors = validateChannel(provider, name, values);
    setLocalErrors(errors);
    setEdited(new Set());
    if (Object.keys(errors).length > 0) {
      const first = Object.keys(errors)[0];
      document.getElementById(`new-channel-${first}`)?.focus();
      return;
    }
    create.mutate(
      { provider, name: name.trim(), config: values },
      {
        onSuccess: (channel) => {
          setCreated({ channel, plain: values });
          toast.success(`Channel “${channel.name}” added`);
        },
      },
    );
  }

  const allServerErrors = serverFieldErrors(create.error);
  const serverErrors = Object.fromEntries(Object.entries(allServerErrors).filter(([field]) => !edited.has(field)));
  const errors: FieldErrors = { ...serverErrors, ...localErrors };
  const knownFields = new Set(["name", ...(provider ? PROVIDER_INFO[provider].fields.map((f) => f.name) : [])]);
  const shownUnderFields = Object.keys(allServerErrors).some((field) => knownFields.has(field));
  const generalError = create.error && !shownUnderFields ? create.error.message : undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="add-channel">
          <Plus aria-hidden />
          Add channel
        </Button>
      </DialogTrigger>
      <DialogContent
        className="max-w-2xl"
        // The webhook panel is the point of the last step; a stray click must not close it.
        onPointerDownOutside={(event) => {
          if (created) event.preventDefault();
        }}
      >
        {created ? (
          <div className="grid gap-5">
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <CircleCheck aria-hidden className="size-5 text-success" />
                “{created.channel.name}” is saved
              </DialogTitle>
              <DialogDescription>
                One step left: tell {PROVIDER_INFO[provider ?? "meta"].label} where to send messages and statuses.
              </DialogDescription>
            </DialogHeader>
            <WebhookPanel channel={created.channel} plain={created.plain} />
            <DialogFooter>
              <Button data-testid="channel-done" onClick={() => onOpenChange(false)}>
                Done
              </Button>
            </DialogFooter>
          </div>
        ) : provider === null ? (
          <div className="grid gap-5">
            <DialogHeader>
              <DialogTitle>Add a channel</DialogTitle>
              <DialogDescription>Where does your WhatsApp number live?</DialogDescription>
            </DialogHeader>
            <ul className="grid gap-3 sm:grid-cols-2">
              {ADDABLE_PROVIDERS.map((candidate) => (
                <li key={candidate}>
                  <button
                    type="button"
                    data-testid={`provider-${candidate}`}
                    onClick={() => pick(candidate)}
                    className="flex h-full w-full items-start gap-3 rounded-lg border bg-card p-4 text-left transition-colors outline-none hover:border-primary/50 hover:bg-accent/40 focus-visible:ring-[3px] focus-visible:ring-ring/50"
                  >
                    <ProviderIcon provider={candidate} />
                    <span className="grid gap-1">
                      <span className="font-medium">{PROVIDER_INFO[candidate].label}</span>
                      <span className="text-sm text-muted-foreground">{PROVIDER_INFO[candidate].summary}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-3">
                <ProviderIcon provider={provider} className="size-8" />
                Connect a {PROVIDER_INFO[provider].label} number
              </DialogTitle>
              <DialogDescription>
                Secrets are stored encrypted and never shown again in full.
              </DialogDescription>
            </DialogHeader>

            {generalError ? (
              <Alert variant="destructive" data-testid="add-channel-error">
                <AlertDescription>{generalError}</AlertDescription>
              </Alert>
            ) : null}

            <FormField
              id="new-channel-name"
              label="Channel name"
              hint="How the inbox and flows refer to this number, e.g. “Support Brazil”."
              error={errors.name}
              errorTestId="channel-error-name"
            >
              {(control) => (
                <Input
                  {...control}
                  data-testid="channel-field-name"
                  required
                  maxLength={80}
                  autoComplete="off"
                  value={name}
                  onChange={(event) => {
                    setName(event.target.value);
                    markEdited("name");
                  }}
                />
              )}
            </FormField>
            <ConfigFields
              idPrefix="new-channel"
              fields={PROVIDER_INFO[provider].fields}
              values={config}
              errors={errors}
              disabled={create.isPending}
              onChange={(field, value) => {
                setConfig((current) => ({ ...current, [field]: value }));
                markEdited(field);
              }}
            />

            <DialogFooter className="sm:justify-between">
              <Button variant="ghost" onClick={() => setProvider(null)} disabled={create.isPending}>
                <ArrowLeft aria-hidden />
                Other provider
              </Button>
              <div className="flex flex-col-reverse gap-2 sm:flex-row">
                <Button variant="outline" onClick={() => onOpenChange(false)}>
                  Cancel
                </Button>
                <Button type="submit" data-testid="channel-submit" disabled={create.isPending}>
                  {create.isPending ? "Saving…" : "Save channel"}
                </Button>
              </div>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
