"use client";

import { CircleCheck, CircleAlert, Send } from "lucide-react";
import { useState } from "react";

import { ApiError } from "@/components/data/api-fetch";
import { FormField } from "@/components/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { isPlausiblePhone, toDigits } from "@/lib/channels/shared/phone";
import { cn } from "@/lib/utils";

import { useTestMessage, type Channel, type TestMessageResult } from "./queries";

/** Sends one text (or a template) through the channel and shows what came back. */
export function TestMessageForm({ channel, defaultTo = "" }: { channel: Channel; defaultTo?: string }) {
  const [to, setTo] = useState(defaultTo);
  const [text, setText] = useState("Hello from Tickflow — this is a test message.");
  // Outside the 24-hour window only templates go through; Meta's hello_world exists on every account.
  const [useTemplate, setUseTemplate] = useState(false);
  const [template, setTemplate] = useState("hello_world");
  const [toError, setToError] = useState<string>();
  const send = useTestMessage(channel.id);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isPlausiblePhone(to)) {
      setToError("Enter the number in international format, e.g. +5511987654321.");
      return;
    }
    setToError(undefined);
    send.mutate(
      useTemplate
        ? { to: toDigits(to), template: { name: template.trim(), language: "en_US" } }
        : { to: toDigits(to), text: text.trim() },
    );
  }

  const apiError = send.error instanceof ApiError ? send.error : null;
  const result = describeResult(channel, send.data, send.error);
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate aria-labelledby={`test-title-${channel.id}`}>
      <div>
        <h3 id={`test-title-${channel.id}`} className="font-semibold">
          Send a test message
        </h3>
        <p className="text-sm text-muted-foreground">
          A free-form text reaches only customers who wrote to this number in the last 24 hours; otherwise WhatsApp
          refuses it and the reason shows here.
        </p>
      </div>
      <FormField id={`test-to-${channel.id}`} label="To" error={toError ?? apiError?.fieldError("to")} hint="The customer's WhatsApp number, international format.">
        {(control) => (
          <Input
            {...control}
            data-testid="test-message-to"
            inputMode="tel"
            autoComplete="off"
            placeholder="+55 11 98765 4321"
            value={to}
            onChange={(event) => setTo(event.target.value)}
          />
        )}
      </FormField>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          data-testid="test-message-use-template"
          className="size-4 accent-primary"
          checked={useTemplate}
          onChange={(event) => setUseTemplate(event.target.checked)}
        />
        Send a template instead (works outside the 24-hour window)
      </label>
      {useTemplate ? (
        <FormField
          id={`test-template-${channel.id}`}
          label="Template name"
          hint="An approved template without parameters, in English (en_US)."
          error={apiError?.fieldError("template")}
        >
          {(control) => (
            <Input
              {...control}
              data-testid="test-message-template"
              autoComplete="off"
              className="font-mono"
              value={template}
              onChange={(event) => setTemplate(event.target.value)}
            />
          )}
        </FormField>
      ) : (
        <FormField id={`test-text-${channel.id}`} label="Message" error={apiError?.fieldError("text")}>
          {(control) => (
            <Textarea
              {...control}
              data-testid="test-message-text"
              required
              maxLength={4096}
              rows={2}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          )}
        </FormField>
      )}
      <div className="flex flex-wrap items-start gap-3">
        <Button type="submit" variant="outline" data-testid="test-message-send" disabled={send.isPending || !(useTemplate ? template.trim() : text.trim())}>
          <Send aria-hidden />
          {send.isPending ? "Sending…" : "Send test"}
        </Button>
        <div aria-live="polite" className="min-w-0 flex-1 text-sm">
          {result ? (
            <p
              data-testid="test-message-result"
              data-state={result.ok ? "sent" : "error"}
              className={cn("flex items-start gap-2", result.ok ? "text-success" : "text-destructive")}
            >
              {result.ok ? (
                <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0" />
              ) : (
                <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
              )}
              <span className="min-w-0 break-words">{result.text}</span>
            </p>
          ) : null}
        </div>
      </div>
    </form>
  );
}

function describeResult(
  channel: Channel,
  data: TestMessageResult | undefined,
  error: Error | null,
): { ok: boolean; text: string } | null {
  if (error) return { ok: false, text: error.message };
  if (!data) return null;
  if (data.status === "failed") {
    return { ok: false, text: data.error ? `Failed: ${data.error.title} (${data.error.code}).` : "Failed." };
  }
  const target = channel.provider === "sandbox" ? "the sandbox" : "the provider";
  const id = data.providerMessageId ? ` Message id ${data.providerMessageId}.` : "";
  const what =
    data.status === "delivered" || data.status === "read"
      ? `Delivered.`
      : data.status === "accepted" || data.status === "sent"
        ? `Accepted by ${target}.`
        : `Queued — Tickflow is handing it to ${target}.`;
  return { ok: true, text: `${what}${id} Follow its ticks in the Inbox.` };
}
