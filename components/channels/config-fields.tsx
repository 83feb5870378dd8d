"use client";

import { RefreshCw } from "lucide-react";

import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

import type { FieldErrors } from "./field-errors";
import { randomSecret, type ConfigField } from "./providers";

/**
 * The provider's config inputs. On edit, `masked` holds the stored (masked) secrets:
 * their inputs start empty and an empty secret keeps the stored one.
 */
export function ConfigFields({
  idPrefix,
  fields,
  values,
  errors,
  onChange,
  masked,
  disabled,
}: {
  idPrefix: string;
  fields: ConfigField[];
  values: Record<string, string>;
  errors: FieldErrors;
  onChange: (name: string, value: string) => void;
  masked?: Record<string, unknown>;
  disabled?: boolean;
}) {
  const editing = masked !== undefined;
  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const stored = typeof masked?.[field.name] === "string" ? (masked[field.name] as string) : "";
        const hint =
          editing && field.secret
            ? `${stored ? `Stored: ${stored}. ` : ""}Leave empty to keep it. ${field.hint}`
            : field.hint;
        return (
          <FormField
            key={field.name}
            id={id}
            label={
              <>
                {field.label}
                {field.optional ? <span className="font-normal text-muted-foreground">(optional)</span> : null}
              </>
            }
            hint={hint}
            error={errors[field.name]}
            errorTestId={`channel-error-${field.name}`}
          >
            {(control) => (
              <div className="flex gap-2">
                <Input
                  {...control}
                  data-testid={`channel-field-${field.name}`}
                  name={field.name}
                  type={field.secret && !field.visible ? "password" : "text"}
                  autoComplete={field.secret ? "new-password" : "off"}
                  spellCheck={false}
                  required={!field.optional && !(editing && field.secret)}
                  disabled={disabled}
                  placeholder={editing && field.secret ? stored || "Unchanged" : field.placeholder}
                  className={field.secret || field.name.endsWith("Id") || field.name === "accountSid" ? "font-mono" : undefined}
                  value={values[field.name] ?? ""}
                  onChange={(event) => onChange(field.name, event.target.value)}
                />
                {field.generate ? (
                  <Button
                    type="button"
                    variant="outline"
                    size="icon"
                    disabled={disabled}
                    aria-label={`Generate a new ${field.label.toLowerCase()}`}
                    title={`Generate a new ${field.label.toLowerCase()}`}
                    onClick={() => onChange(field.name, randomSecret())}
                  >
                    <RefreshCw aria-hidden />
                  </Button>
                ) : null}
              </div>
            )}
          </FormField>
        );
      })}
    </>
  );
}
