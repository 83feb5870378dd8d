"use client";

import { UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

import { ApiError } from "@/components/data/api-fetch";
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
import type { Role } from "@/lib/auth/roles";

import { useCreateUser } from "./queries";
import { RoleSelect } from "./role-select";

const MIN_PASSWORD = 10;
const EMPTY = { name: "", email: "", password: "", role: "agent" as Role };

export function AddUserDialog() {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const [localErrors, setLocalErrors] = useState<{ password?: string }>({});
  const createUser = useCreateUser();
  const apiError = createUser.error instanceof ApiError ? createUser.error : null;

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setForm(EMPTY);
      setLocalErrors({});
      createUser.reset();
    }
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.password.length < MIN_PASSWORD) {
      setLocalErrors({ password: `Use at least ${MIN_PASSWORD} characters.` });
      return;
    }
    setLocalErrors({});
    createUser.mutate(
      { ...form, name: form.name.trim(), email: form.email.trim() },
      {
        onSuccess: (user) => {
          toast.success(`Added ${user.name || user.email}`, {
            description: "Share the temporary password with them privately.",
          });
          onOpenChange(false);
        },
      },
    );
  }

  const fieldError = (field: keyof typeof EMPTY) => apiError?.fieldError(field);
  // Field-level problems show under their field; anything else shows at the top.
  const shownUnderFields = (Object.keys(EMPTY) as (keyof typeof EMPTY)[]).some((field) => fieldError(field));
  const generalError = createUser.error && !shownUnderFields ? createUser.error.message : undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="add-user" size="sm">
          <UserPlus aria-hidden />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Add a user</DialogTitle>
            <DialogDescription>
              They sign in with this email and the temporary password you choose here.
            </DialogDescription>
          </DialogHeader>

          {generalError ? (
            <Alert variant="destructive" data-testid="add-user-error">
              <AlertDescription>{generalError}</AlertDescription>
            </Alert>
          ) : null}

          <FormField id="new-user-name" label="Name" error={fieldError("name")}>
            {(control) => (
              <Input
                {...control}
                data-testid="new-user-name"
                required
                autoComplete="off"
                value={form.name}
                onChange={(event) => setForm({ ...form, name: event.target.value })}
              />
            )}
          </FormField>
          <FormField id="new-user-email" label="Email" error={fieldError("email")}>
            {(control) => (
              <Input
                {...control}
                data-testid="new-user-email"
                type="email"
                required
                autoComplete="off"
                value={form.email}
                onChange={(event) => setForm({ ...form, email: event.target.value })}
              />
            )}
          </FormField>
          <FormField
            id="new-user-password"
            label="Temporary password"
            hint={`At least ${MIN_PASSWORD} characters.`}
            error={localErrors.password ?? fieldError("password")}
          >
            {(control) => (
              <Input
                {...control}
                data-testid="new-user-password"
                type="text"
                required
                minLength={MIN_PASSWORD}
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
                value={form.password}
                onChange={(event) => setForm({ ...form, password: event.target.value })}
              />
            )}
          </FormField>
          <FormField id="new-user-role" label="Role" error={fieldError("role")}>
            {(control) => (
              <RoleSelect
                {...control}
                data-testid="new-user-role"
                className="w-full"
                value={form.role}
                onValueChange={(role) => setForm({ ...form, role })}
              />
            )}
          </FormField>

          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" data-testid="new-user-submit" disabled={createUser.isPending}>
              {createUser.isPending ? "Adding…" : "Add user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
