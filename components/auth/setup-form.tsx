"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { ApiError, apiFetch } from "@/components/data/api-fetch";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

import { FormError } from "./form-error";

const MIN_PASSWORD = 10;
type Field = "name" | "email" | "password" | "confirm";

export function SetupForm() {
  const router = useRouter();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "", confirm: "" });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<{ message: string; ownerExists?: boolean } | null>(null);
  const [pending, setPending] = useState(false);

  const set = (field: Field) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  function validate(): Partial<Record<Field, string>> {
    const errors: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) errors.name = "Enter your name.";
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) errors.email = "Enter a valid email address.";
    if (values.password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
    if (values.confirm !== values.password) errors.confirm = "The two passwords don't match.";
    return errors;
  }

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = validate();
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;

    setPending(true);
    try {
      await apiFetch("/api/setup", {
        method: "POST",
        json: { name: values.name.trim(), email: values.email.trim(), password: values.password },
      });
      router.push("/inbox");
      router.refresh();
    } catch (caught) {
      setPending(false);
      if (caught instanceof ApiError) {
        if (caught.status === 409) {
          setError({ message: caught.message, ownerExists: true });
          return;
        }
        const fromServer: Partial<Record<Field, string>> = {};
        for (const field of ["name", "email", "password"] as const) {
          const message = caught.fieldError(field);
          if (message) fromServer[field] = message;
        }
        setFieldErrors(fromServer);
        if (Object.keys(fromServer).length === 0) setError({ message: caught.message });
        return;
      }
      setError({ message: "Something went wrong. Try again." });
    }
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      {error ? (
        <FormError>
          {error.message}
          {error.ownerExists ? (
            <>
              {" "}
              <Link href="/sign-in" className="font-medium underline underline-offset-4">
                Go to sign in
              </Link>
            </>
          ) : null}
        </FormError>
      ) : null}
      <FormField id="setup-name" label="Your name" error={fieldErrors.name} errorTestId="setup-name-error">
        {(control) => (
          <Input
            {...control}
            data-testid="setup-name"
            autoComplete="name"
            required
            autoFocus
            value={values.name}
            onChange={set("name")}
          />
        )}
      </FormField>
      <FormField id="setup-email" label="Email" error={fieldErrors.email} errorTestId="setup-email-error">
        {(control) => (
          <Input
            {...control}
            data-testid="setup-email"
            type="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={set("email")}
          />
        )}
      </FormField>
      <FormField
        id="setup-password"
        label="Password"
        hint={`At least ${MIN_PASSWORD} characters. A short sentence is easy to remember and hard to guess.`}
        error={fieldErrors.password}
        errorTestId="setup-password-error"
      >
        {(control) => (
          <Input
            {...control}
            data-testid="setup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={values.password}
            onChange={set("password")}
          />
        )}
      </FormField>
      <FormField id="setup-confirm" label="Confirm password" error={fieldErrors.confirm} errorTestId="setup-confirm-error">
        {(control) => (
          <Input
            {...control}
            data-testid="setup-confirm"
            type="password"
            autoComplete="new-password"
            required
            value={values.confirm}
            onChange={set("confirm")}
          />
        )}
      </FormField>
      <Button type="submit" data-testid="setup-submit" disabled={pending} className="mt-2 w-full">
        {pending ? "Creating account…" : "Create owner account"}
      </Button>
    </form>
  );
}
