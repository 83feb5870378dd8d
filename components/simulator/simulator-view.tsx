"use client";

import { CheckCheck, MessagesSquare, UserRound } from "lucide-react";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";

import { useDebounced } from "@/components/data/use-debounced";
import { FormField } from "@/components/form-field";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { isPlausiblePhone, toDigits } from "@/lib/channels/shared/phone";
import { cn } from "@/lib/utils";

import { FaultPanel } from "./fault-panel";
import { Phone } from "./phone";
import { useMarkRead, useSendAsCustomer, useSimMessages, useSimulator, type SimOutgoing } from "./queries";
import { useAutoRead } from "./use-auto-read";

const PRESETS = [
  { name: "Ana Souza", number: "5511987654321" },
  { name: "Liam Carter", number: "447700900123" },
  { name: "Priya Sharma", number: "919812345678" },
] as const;

const DEFAULT_CUSTOMER = PRESETS[0];

function formatNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  return /^\d+$/.test(value) ? `+${value}` : value;
}

export function SimulatorView() {
  const simulator = useSimulator();
  const [name, setName] = useState<string>(DEFAULT_CUSTOMER.name);
  const [number, setNumber] = useState<string>(DEFAULT_CUSTOMER.number);
  const [autoRead, setAutoRead] = useState(true);
  const [pending, setPending] = useState<{ key: number; message: SimOutgoing }[]>([]);

  const waId = isPlausiblePhone(number) ? toDigits(number) : null;
  // Typing a number should not fetch a chat per keystroke.
  const shownWaId = useDebounced(waId, 300);
  const messages = useSimMessages(shownWaId);
  const send = useSendAsCustomer();
  const markRead = useMarkRead();
  const markReadMutate = markRead.mutate;
  const read = useCallback((id: string) => markReadMutate(id), [markReadMutate]);

  const sorted = useMemo(
    () => [...(messages.data ?? [])].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)),
    [messages.data],
  );
  const undeliverable = simulator.data?.faults.fail131026 ?? false;
  useAutoRead({ waId: shownWaId, messages: sorted, enabled: autoRead && !undeliverable && shownWaId === waId, markRead: read });

  function sendMessage(message: SimOutgoing, replyTo?: string) {
    if (!waId) return;
    const key = Date.now() + Math.random();
    setPending((current) => [...current, { key, message }]);
    // mutateAsync, not mutate's callbacks: those fire only for the latest of overlapping sends.
    send
      .mutateAsync({ from: { waId, name: name.trim() || `+${waId}` }, message, ...(replyTo ? { replyTo } : {}) })
      .catch(() => undefined) // shown from send.error
      .finally(() => setPending((current) => current.filter((item) => item.key !== key)));
  }

  if (simulator.isPending) {
    return (
      <div className="flex flex-col gap-6 lg:flex-row" aria-busy="true">
        <span className="sr-only">Loading the simulator…</span>
        <Skeleton className="h-[calc(100dvh-13rem)] min-h-[540px] w-[360px] rounded-[2.75rem]" />
        <Skeleton className="h-80 flex-1 rounded-xl" />
      </div>
    );
  }
  if (simulator.isError) {
    return (
      <Alert variant="destructive" data-testid="simulator-error">
        <AlertTitle>The simulator is not available</AlertTitle>
        <AlertDescription>
          <p>{simulator.error.message}</p>
          <Button variant="outline" size="sm" onClick={() => void simulator.refetch()}>
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }

  const { channel, faults } = simulator.data;
  const business = { name: channel.name, number: formatNumber(channel.displayPhoneNumber) };
  const visibleMessages = shownWaId === waId ? sorted : [];
  const phoneError = send.error?.message ?? messages.error?.message ?? null;

  return (
    <div className="flex flex-col items-center gap-6 lg:flex-row lg:items-start">
      <Phone
        business={business}
        customer={waId ? { waId, name } : null}
        messages={visibleMessages}
        pending={pending.map((item) => item.message)}
        error={phoneError}
        onSend={sendMessage}
      />

      <div className="grid w-full min-w-0 flex-1 gap-6">
        <Card className="gap-4" role="region" aria-labelledby="customer-title">
          <CardHeader>
            <CardTitle id="customer-title" className="flex items-center gap-2">
              <UserRound aria-hidden className="size-4 text-primary" />
              Customer
            </CardTitle>
            <CardDescription>
              Who is writing. Each number is its own conversation with the bot on “{channel.name}”.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField id="sim-name" label="Name" className="content-start">
                {(control) => (
                  <Input
                    {...control}
                    data-testid="sim-name"
                    autoComplete="off"
                    value={name}
                    onChange={(event) => setName(event.target.value)}
                  />
                )}
              </FormField>
              <FormField
                id="sim-number"
                label="WhatsApp number"
                className="content-start"
                hint="International format, digits only is fine."
                error={waId ? undefined : "Enter 5 to 15 digits, e.g. 5511987654321."}
              >
                {(control) => (
                  <Input
                    {...control}
                    data-testid="sim-number"
                    inputMode="tel"
                    autoComplete="off"
                    className="tabular-nums"
                    value={number}
                    onChange={(event) => setNumber(event.target.value)}
                  />
                )}
              </FormField>
            </div>
            <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Switch to another customer">
              <span className="text-xs text-muted-foreground">Switch to:</span>
              {PRESETS.map((preset) => {
                const current = waId === preset.number;
                return (
                  <Button
                    key={preset.number}
                    variant="outline"
                    size="sm"
                    aria-pressed={current}
                    data-testid={`sim-customer-${preset.number}`}
                    className={cn(current && "border-primary bg-accent text-accent-foreground")}
                    onClick={() => {
                      setName(preset.name);
                      setNumber(preset.number);
                    }}
                  >
                    {preset.name}
                  </Button>
                );
              })}
            </div>
            <div className="flex flex-wrap items-center justify-between gap-3 border-t pt-4">
              <div className="flex items-center gap-3">
                <Switch
                  id="sim-auto-read"
                  data-testid="sim-auto-read"
                  aria-describedby="sim-auto-read-hint"
                  checked={autoRead}
                  onCheckedChange={setAutoRead}
                />
                <div className="grid gap-0.5">
                  <label htmlFor="sim-auto-read" className="text-sm font-medium">
                    Read automatically
                  </label>
                  <span id="sim-auto-read-hint" className="text-xs text-muted-foreground">
                    {undeliverable
                      ? "Paused while “Fail with 131026” is on: undeliverable messages never reach a phone."
                      : "The phone reads the bot's messages as they appear while this page has focus."}
                  </span>
                </div>
              </div>
              <div className="flex gap-2">
                <Button
                  variant="outline"
                  size="sm"
                  data-testid="sim-read"
                  disabled={!waId || markRead.isPending}
                  onClick={() => waId && markRead.mutate(waId)}
                >
                  <CheckCheck aria-hidden />
                  Read
                </Button>
                <Button variant="ghost" size="sm" asChild>
                  <Link href="/inbox" data-testid="sim-open-inbox">
                    <MessagesSquare aria-hidden />
                    Inbox
                  </Link>
                </Button>
              </div>
            </div>
          </CardContent>
        </Card>

        <FaultPanel faults={faults} />
      </div>
    </div>
  );
}
