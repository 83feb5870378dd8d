"use client";

import { useMutation } from "@tanstack/react-query";
import { FlaskConical, Loader2 } from "lucide-react";
import { useState } from "react";

import { ApiError, apiFetch } from "@/components/data/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { templatePaths } from "@/lib/flow";
import type { ApiCallSettings } from "@/lib/flow/blocks/api-call/schema";

import { Section } from "./fields";

export type ApiTestResult = {
  ok: boolean;
  status?: number;
  durationMs: number;
  body?: unknown;
  mapped: Record<string, unknown>;
  error?: string;
};

/** Read-only roots the test fills itself (a sample contact, no message, no previous API call). */
const BUILT_IN_ROOTS = ["api.", "contact.", "message.", "flow."];

/** Every {{path}} the request uses, so the tester can ask for a sample value of each. */
export function requestVariables(settings: ApiCallSettings): string[] {
  const texts = [settings.url ?? "", settings.body ?? "", ...(settings.headers ?? []).map((h) => h.value)];
  const paths = texts.flatMap((t) => templatePaths(t)).filter((p) => p && !BUILT_IN_ROOTS.some((root) => p.startsWith(root)));
  return [...new Set(paths)];
}

/** `{ "contact.name": "Ana" }` → `{ contact: { name: "Ana" } }`, the shape {{ }} paths read. */
function nest(flat: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    const keys = path.split(".");
    let node = root;
    keys.forEach((key, index) => {
      if (index === keys.length - 1) node[key] = value;
      else node = (node[key] = (node[key] as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
    });
  }
  return root;
}

function pretty(value: unknown, max = 4000): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

/** Runs the block's request for real (through the server's SSRF guard) and shows what it would save. */
export function ApiTester({ settings, disabled }: { settings: ApiCallSettings; disabled?: boolean }) {
  const names = requestVariables(settings);
  const [values, setValues] = useState<Record<string, string>>({});
  const test = useMutation({
    mutationFn: () =>
      apiFetch<ApiTestResult>("/api/v1/flows/api-test", {
        method: "POST",
        json: { settings, variables: nest(Object.fromEntries(names.map((n) => [n, values[n] ?? ""]))) },
      }),
  });
  const unavailable = test.error instanceof ApiError && (test.error.status === 404 || test.error.status === 405);
  const result = test.data;

  return (
    <Section
      title="Test the request"
      description="Sends the request now with sample values for its variables ({{contact.…}} and {{message.…}} are empty in a test), and shows the response and what gets saved."
    >
      {names.map((name) => (
        <div key={name} className="grid gap-1">
          <Label htmlFor={`api-test-${name}`} className="font-mono text-xs">{`{{${name}}}`}</Label>
          <Input
            id={`api-test-${name}`}
            value={values[name] ?? ""}
            placeholder="Sample value"
            data-testid={`api-test-var-${name}`}
            onChange={(event) => setValues((v) => ({ ...v, [name]: event.target.value }))}
          />
        </div>
      ))}
      <Button
        variant="outline"
        size="sm"
        className="justify-self-start"
        disabled={disabled || test.isPending || !settings.url?.trim()}
        data-testid="api-test-run"
        onClick={() => test.mutate()}
      >
        {test.isPending ? <Loader2 aria-hidden className="animate-spin" /> : <FlaskConical aria-hidden />}
        {test.isPending ? "Sending…" : "Send test request"}
      </Button>
      <div aria-live="polite" data-testid="api-test-result" className="grid gap-2">
        {test.error ? (
          <p className="text-xs text-destructive">
            {unavailable
              ? "The API tester is not available on this server yet (POST /api/v1/flows/api-test is missing)."
              : test.error.message}
          </p>
        ) : null}
        {result ? (
          <>
            <p className="flex flex-wrap items-center gap-2 text-xs">
              <Badge variant={result.ok ? "success" : "destructive"}>
                {result.ok ? "Success" : "Error"}
                {result.status ? ` · ${result.status}` : ""}
              </Badge>
              <span className="text-muted-foreground">{Math.round(result.durationMs)} ms</span>
              {result.error ? <span className="text-destructive">{result.error}</span> : null}
            </p>
            {Object.keys(result.mapped).length ? (
              <div className="grid gap-1">
                <p className="text-xs font-medium">Saved variables</p>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md bg-muted p-2 text-xs">
                  {Object.entries(result.mapped).map(([name, value]) => (
                    <div key={name} className="contents">
                      <dt className="font-mono">{name}</dt>
                      <dd className="truncate font-mono text-muted-foreground" title={pretty(value, 500)}>
                        {value === undefined ? "(nothing at this path)" : pretty(value, 200)}
                      </dd>
                    </div>
                  ))}
                </dl>
              </div>
            ) : null}
            {result.body !== undefined ? (
              <div className="grid gap-1">
                <p className="text-xs font-medium">Response</p>
                <pre
                  tabIndex={0}
                  aria-label="Response body"
                  className="max-h-64 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-snug whitespace-pre-wrap"
                >
                  {pretty(result.body)}
                </pre>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </Section>
  );
}
