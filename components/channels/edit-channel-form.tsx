"use client";

import { useState } from "react";
import { toast } from "sonner";

import { FormField } from "@/components/form-field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

import { ConfigFields } from "./config-fields";
import { filled, serverFieldErrors, validateChannel, type FieldErrors } from "./field-errors";
import { isAddable, PROVIDER_INFO } from "./providers";
import { useUpdateChannel, type Channel, type ChannelPatch } from "./queries";

function initialValues(channel: Channel): Record<string, string> {
  if (!isAddable(channel.provider)) return {};
  return Object.fromEntries(
    PROVIDER_INFO[channel.provider].fields
      .filter((field) => !field.secret)
      .map((field) => {
        const value = channel.config[field.name];
        return [field.name, typeof value === "string" || typeof value === "number" ? String(value) : ""];
      }),
  );
}

/**
 * Name and provider settings. Only what changed is sent; a secret left empty is kept.
 * The sandbox's settings are Tickflow's own, so only its name is editable.
 */
export function EditChannelForm({ channel }: { channel: Channel }) {
  const [name, setName] = useState(channel.name);
  const [original, setOriginal] = useState(() => initialValues(channel));
  const [values, setValues] = useState(original);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const update = useUpdateChannel(channel.id);
  const provider = isAddable(channel.provider) ? channel.provider : null;
  const fields = provider ? PROVIDER_INFO[provider].fields : [];

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch: ChannelPatch = {};
    if (name.trim() !== channel.name) patch.name = name.trim();
    const config: Record<string, string> = {};
    for (const field of fields) {
      const value = (values[field.name] ?? "").trim();
      // Secrets: empty keeps the stored one. Other fields: "" clears an optional value.
      if (field.secret ? value !== "" : value !== (original[field.name] ?? "")) config[field.name] = value;
    }
    if (Object.keys(config).length > 0) patch.config = config;
    if (Object.keys(patch).length === 0) {
      toast.info("Nothing changed.");
      return;
    }
    const errors = provider
      ? validateChannel(provider, patch.name === undefined ? undefined : name, filled(config), { partial: true })
      : {};
    for (const field of fields) {
      if (config[field.name] === "" && !field.optional) errors[field.name] ??= "Required.";
    }
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    update.mutate(patch, {
      onSuccess: (updated) => {
        toast.success(`Channel “${updated.name}” saved`);
        // Typed secrets are now stored: the inputs go back to empty, showing the new masked values.
        const saved = initialValues(updated);
        setOriginal(saved);
        setValues(saved);
        setName(updated.name);
      },
    });
  }

  const errors: FieldErrors = { ...serverFieldErrors(update.error), ...localErrors };
  const knownFields = new Set(["name", ...fields.map((f) => f.name)]);
  const shownUnderFields = Object.keys(serverFieldErrors(update.error)).some((field) => knownFields.has(field));

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate aria-labelledby={`edit-title-${channel.id}`}>
      <h3 id={`edit-title-${channel.id}`} className="font-semibold">
        Settings
      </h3>
      {update.error && !shownUnderFields ? (
        <Alert variant="destructive" data-testid="edit-channel-error">
          <AlertDescription>{update.error.message}</AlertDescription>
        </Alert>
      ) : null}
      <FormField id="edit-channel-name" label="Channel name" error={errors.name} errorTestId="channel-error-name">
        {(control) => (
          <Input
            {...control}
            data-testid="channel-field-name"
            required
            maxLength={80}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        )}
      </FormField>
      {provider ? (
        <ConfigFields
          idPrefix="edit-channel"
          fields={fields}
          values={values}
          errors={errors}
          masked={channel.config}
          disabled={update.isPending}
          onChange={(field, value) => {
            setValues((current) => ({ ...current, [field]: value }));
            if (localErrors[field]) setLocalErrors(({ [field]: _, ...rest }) => rest);
          }}
        />
      ) : (
        <p className="text-sm text-muted-foreground">
          The sandbox&apos;s number and keys are managed by Tickflow; only its name can change.
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" data-testid="channel-save" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
