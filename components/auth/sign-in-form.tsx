"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth/client";

import { FormError } from "./form-error";

const RATE_LIMITED = "Too many attempts — wait a minute and try again.";

function messageFor(error: { status?: number; message?: string | null }): string {
  // The server's message says how long the lock lasts; fall back to a generic one.
  if (error.status === 429) return error.message || RATE_LIMITED;
  if (error.message) return error.message;
  if (error.status === 401) return "That email and password don't match an account.";
  return "Couldn't sign in. Try again.";
}

export function SignInForm({ next }: { next: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await authClient.signIn.email({ email: email.trim(), password });
      if (result.error) {
        setError(messageFor(result.error));
        setPending(false);
        return;
      }
      // Stay "pending" while the next page loads.
      router.push(next ?? "/inbox");
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="grid gap-4" aria-describedby={error ? "sign-in-error" : undefined}>
      {error ? (
        <div id="sign-in-error">
          <FormError>{error}</FormError>
        </div>
      ) : null}
      <FormField id="sign-in-email" label="Email">
        {(control) => (
          <Input
            {...control}
            data-testid="sign-in-email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </FormField>
      <FormField id="sign-in-password" label="Password">
        {(control) => (
          <Input
            {...control}
            data-testid="sign-in-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </FormField>
      <Button type="submit" data-testid="sign-in-submit" disabled={pending} className="mt-2 w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-xs text-muted-foreground">
        Forgot your password? Ask an admin of this Tickflow.
      </p>
    </form>
  );
}
