import { z } from "zod";

import { ApiError } from "@/components/data/api-fetch";

import { PROVIDER_INFO, type AddableProvider } from "./providers";

export type FieldErrors = Record<string, string>;

const nameSchema = z.string().trim().min(1, "Give the channel a name.").max(80, "At most 80 characters.");

/** Drops empty values: an empty optional field is "not set", an empty secret on edit is "keep it". */
export function filled(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([key, value]) => [key, value.trim()] as const)
      .filter(([, value]) => value !== ""),
  );
}

/**
 * Client-side check with the provider's own config schema, so the form says what is wrong
 * before the round trip. `partial` validates only the fields being changed (edit).
 */
export function validateChannel(
  provider: AddableProvider,
  name: string | undefined,
  config: Record<string, string>,
  { partial = false } = {},
): FieldErrors {
  const errors: FieldErrors = {};
  if (name !== undefined) {
    const result = nameSchema.safeParse(name);
    if (!result.success) errors.name = result.error.issues[0]?.message ?? "Invalid name";
  }
  const schema = partial ? PROVIDER_INFO[provider].schema.partial() : PROVIDER_INFO[provider].schema;
  const result = schema.safeParse(config);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (!field || errors[field]) continue;
      errors[field] = issue.code === "invalid_type" && config[field] === undefined ? "Required." : issue.message;
    }
  }
  return errors;
}

/**
 * The server's 422 issues by form field: "config.accessToken" and ["config", "accessToken"]
 * both land on accessToken; "name" on name. Anything else goes under "_".
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const parts = (Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path).split(".")).filter(Boolean);
    const field = parts[0] === "config" ? (parts[1] ?? "_") : (parts[0] ?? "_");
    if (!errors[field]) errors[field] = issue.message;
  }
  return errors;
}
