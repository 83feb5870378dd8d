import { z } from "zod";
import { API_TIMEOUT_SECONDS } from "../../limits";
import { checkVariableTarget, duplicates } from "../checks";
import type { SettingsIssue } from "../types";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const apiCallSettings = z.object({
  method: z.enum(HTTP_METHODS).optional(),
  /** May contain {{variables}}; values after the host are URL-encoded. */
  url: z.string().optional(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  /** JSON text. A string that is exactly "{{var}}" keeps the variable's type. */
  body: z.string().optional(),
  timeoutSeconds: z.number().optional(),
  /** JSON path into the response → variable (`contact.x` saves on the contact). */
  mappings: z.array(z.object({ path: z.string(), variable: z.string() })).optional(),
});

export type ApiCallSettings = z.infer<typeof apiCallSettings>;

export const apiCallDefaults = {
  method: "GET",
  headers: [] as { name: string; value: string }[],
  timeoutSeconds: API_TIMEOUT_SECONDS.default,
  mappings: [] as { path: string; variable: string }[],
} as const;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function checkApiCallSettings(settings: ApiCallSettings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const url = settings.url?.trim() ?? "";
  if (!url) issues.push({ code: "missing_url", message: "Enter the URL to call." });
  else if (!/^(https?:\/\/|\{\{)/i.test(url)) {
    issues.push({ code: "invalid_url", message: "The URL must start with https:// or http://." });
  }
  const timeout = settings.timeoutSeconds;
  if (timeout !== undefined && !(timeout >= 1 && timeout <= API_TIMEOUT_SECONDS.max)) {
    issues.push({ code: "timeout_out_of_range", message: `The timeout must be between 1 and ${API_TIMEOUT_SECONDS.max} seconds.` });
  }
  if (settings.body?.trim()) {
    try {
      JSON.parse(settings.body);
    } catch {
      issues.push({
        code: "invalid_json_body",
        message: 'The body is not valid JSON. Put {{variables}} inside quotes, e.g. "{{count}}" — a lone variable keeps its type.',
      });
    }
  }
  for (const header of settings.headers ?? []) {
    if (!HEADER_NAME.test(header.name)) issues.push({ code: "invalid_header", message: `“${header.name}” is not a valid header name.` });
  }
  for (const name of duplicates((settings.headers ?? []).map((h) => h.name.toLowerCase()))) {
    issues.push({ code: "duplicate_header", message: `The header “${name}” is set twice.` });
  }
  for (const mapping of settings.mappings ?? []) {
    if (!mapping.path.trim()) issues.push({ code: "missing_json_path", message: "Enter a JSON path for every response mapping." });
    issues.push(...checkVariableTarget(mapping.variable));
  }
  return issues;
}
