"use client";

import { Plus, X } from "lucide-react";

import { ApiTester } from "@/components/flow-editor/api-tester";
import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import { NumberField, Section, SelectField, TextField, patch } from "@/components/flow-editor/fields";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { API_TIMEOUT_SECONDS } from "@/lib/flow/limits";

import { HTTP_METHODS, apiCallDefaults, type ApiCallSettings } from "./schema";

type Pair = { name: string; value: string };
type Mapping = { path: string; variable: string };

function jsonProblem(body: string | undefined): string | undefined {
  if (!body?.trim()) return undefined;
  try {
    JSON.parse(body);
    return undefined;
  } catch {
    return 'Not valid JSON yet. Put {{variables}} inside quotes, e.g. "{{count}}".';
  }
}

export function ApiCallPanel({ settings, onChange, readOnly }: BlockPanelProps<ApiCallSettings>) {
  const method = settings.method ?? apiCallDefaults.method;
  const headers = settings.headers ?? [];
  const mappings = settings.mappings ?? [];
  const setHeaders = (next: Pair[]) => onChange(patch(settings, { headers: next.length ? next : undefined }));
  const setMappings = (next: Mapping[]) => onChange(patch(settings, { mappings: next.length ? next : undefined }));

  return (
    <div className="grid gap-4">
      <div className="grid grid-cols-[6.5rem_1fr] gap-2">
        <SelectField
          label="Method"
          value={method}
          options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
          disabled={readOnly}
          testId="api-method"
          onChange={(value) => onChange(patch(settings, { method: value as ApiCallSettings["method"] }))}
        />
        <TextField
          label="URL"
          value={settings.url}
          variables
          disabled={readOnly}
          testId="api-url"
          placeholder="https://api.example.com/orders/{{order_id}}"
          onChange={(url) => onChange(patch(settings, { url }))}
        />
      </div>
      <Section
        title="Headers"
        actions={
          readOnly ? null : (
            <Button variant="ghost" size="sm" onClick={() => setHeaders([...headers, { name: "", value: "" }])}>
              <Plus aria-hidden />
              Add
            </Button>
          )
        }
      >
        {headers.length === 0 ? <p className="text-xs text-muted-foreground">No headers.</p> : null}
        {headers.map((header, index) => (
          <div key={index} className="flex items-center gap-1.5">
            <Input
              aria-label={`Header ${index + 1} name`}
              placeholder="Authorization"
              value={header.name}
              disabled={readOnly}
              className="w-2/5 font-mono text-xs"
              onChange={(event) => setHeaders(headers.map((h, i) => (i === index ? { ...h, name: event.target.value } : h)))}
            />
            <Input
              aria-label={`Header ${index + 1} value`}
              placeholder="Bearer …"
              value={header.value}
              disabled={readOnly}
              className="font-mono text-xs"
              onChange={(event) => setHeaders(headers.map((h, i) => (i === index ? { ...h, value: event.target.value } : h)))}
            />
            {readOnly ? null : (
              <Button variant="ghost" size="icon-sm" aria-label={`Remove header ${index + 1}`} onClick={() => setHeaders(headers.filter((_, i) => i !== index))}>
                <X aria-hidden />
              </Button>
            )}
          </div>
        ))}
      </Section>
      {method !== "GET" && method !== "DELETE" ? (
        <TextField
          label="JSON body"
          value={settings.body}
          multiline
          rows={5}
          variables
          disabled={readOnly}
          testId="api-body"
          placeholder={'{ "phone": "{{contact.phone}}" }'}
          error={jsonProblem(settings.body)}
          onChange={(body) => onChange(patch(settings, { body }))}
        />
      ) : null}
      <NumberField
        label="Give up after (seconds)"
        value={settings.timeoutSeconds}
        min={1}
        max={API_TIMEOUT_SECONDS.max}
        placeholder={String(apiCallDefaults.timeoutSeconds)}
        disabled={readOnly}
        onChange={(timeoutSeconds) => onChange(patch(settings, { timeoutSeconds }))}
      />
      <Section
        title="Save from the response"
        description="A JSON path into the response (e.g. data.status or items.0.name) → a variable."
        actions={
          readOnly ? null : (
            <Button variant="ghost" size="sm" data-testid="api-add-mapping" onClick={() => setMappings([...mappings, { path: "", variable: "" }])}>
              <Plus aria-hidden />
              Add
            </Button>
          )
        }
      >
        {mappings.length === 0 ? <p className="text-xs text-muted-foreground">Nothing is saved; the whole response is in {"{{api.response}}"} until the next API call.</p> : null}
        {mappings.map((mapping, index) => (
          <div key={index} className="flex items-center gap-1.5">
            <Input
              aria-label={`Mapping ${index + 1} JSON path`}
              placeholder="data.status"
              value={mapping.path}
              disabled={readOnly}
              data-testid={`api-mapping-${index}-path`}
              className="font-mono text-xs"
              onChange={(event) => setMappings(mappings.map((m, i) => (i === index ? { ...m, path: event.target.value } : m)))}
            />
            <span aria-hidden className="text-muted-foreground">→</span>
            <Input
              aria-label={`Mapping ${index + 1} variable`}
              placeholder="order_status"
              value={mapping.variable}
              disabled={readOnly}
              data-testid={`api-mapping-${index}-variable`}
              className="font-mono text-xs"
              onChange={(event) => setMappings(mappings.map((m, i) => (i === index ? { ...m, variable: event.target.value.trim() } : m)))}
            />
            {readOnly ? null : (
              <Button variant="ghost" size="icon-sm" aria-label={`Remove mapping ${index + 1}`} onClick={() => setMappings(mappings.filter((_, i) => i !== index))}>
                <X aria-hidden />
              </Button>
            )}
          </div>
        ))}
      </Section>
      <ApiTester settings={settings} disabled={readOnly} />
    </div>
  );
}
