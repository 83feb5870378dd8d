"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";

import { useUpdateFaults, type SimulatorFaults } from "./queries";

type BooleanFault = Exclude<keyof SimulatorFaults, "delayMs">;

const SWITCHES: { key: BooleanFault; label: string; description: string }[] = [
  {
    key: "dropDelivered",
    label: "Drop “delivered”",
    description: "The phone never reports delivered: ticks jump from ✓ to blue ✓✓ when read.",
  },
  { key: "reorder", label: "Deliver out of order", description: "Status webhooks arrive shuffled — read before delivered." },
  { key: "duplicate", label: "Duplicate every event", description: "Every webhook is posted twice; Tickflow must count it once." },
  {
    key: "fail131026",
    label: "Fail with 131026",
    description: "Every bot message fails as undeliverable, with the red error mark and its reason in the inbox.",
  },
];

const MAX_DELAY_MS = 60_000;

function isValidDelay(text: string): boolean {
  const value = Number(text);
  return text.trim() !== "" && Number.isInteger(value) && value >= 0 && value <= MAX_DELAY_MS;
}

export function FaultPanel({ faults }: { faults: SimulatorFaults }) {
  const update = useUpdateFaults();

  function save(patch: Partial<SimulatorFaults>) {
    update.mutate(patch, { onError: (error) => toast.error(`Couldn't change the fault: ${error.message}`) });
  }

  return (
    <Card className="gap-4" role="region" aria-labelledby="faults-title" data-testid="fault-panel">
      <CardHeader>
        <CardTitle id="faults-title">Faults</CardTitle>
        <CardDescription>Make the sandbox misbehave like a real network, to see how ticks and the inbox cope.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {SWITCHES.map(({ key, label, description }) => (
          <div key={key} className="flex items-start justify-between gap-4">
            <div className="grid gap-0.5">
              <span id={`fault-${key}-label`} className="text-sm font-medium">
                {label}
              </span>
              <span id={`fault-${key}-description`} className="text-xs text-muted-foreground">
                {description}
              </span>
            </div>
            <Switch
              data-testid={`fault-${key}`}
              aria-labelledby={`fault-${key}-label`}
              aria-describedby={`fault-${key}-description`}
              checked={faults[key]}
              onCheckedChange={(checked) => save({ [key]: checked })}
            />
          </div>
        ))}
        <DelayInput value={faults.delayMs} onCommit={(delayMs) => save({ delayMs })} />
      </CardContent>
    </Card>
  );
}

/** Saved 400 ms after typing stops, or at once on blur / Enter. */
function DelayInput({ value, onCommit }: { value: number; onCommit: (value: number) => void }) {
  const [draft, setDraft] = useState(String(value));
  const committed = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const valid = isValidDelay(draft);

  // The server's value wins whenever it changes under us (another tab, a reset).
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(String(value));
    }
  }, [value]);

  useEffect(() => () => clearTimeout(timer.current), []);

  function commit(text: string) {
    clearTimeout(timer.current);
    if (!isValidDelay(text) || Number(text) === committed.current) return;
    committed.current = Number(text);
    onCommit(Number(text));
  }

  return (
    <div className="grid gap-1.5">
      <label htmlFor="fault-delay" className="text-sm font-medium">
        Delay before each status (ms)
      </label>
      <Input
        id="fault-delay"
        data-testid="fault-delayMs"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_DELAY_MS}
        step={100}
        className="w-32"
        aria-invalid={!valid || undefined}
        aria-describedby="fault-delay-hint"
        value={draft}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(text), 400);
        }}
        onBlur={() => commit(draft)}
        onKeyDown={(event) => {
          if (event.key === "Enter") commit(draft);
        }}
      />
      <p id="fault-delay-hint" className={valid ? "text-xs text-muted-foreground" : "text-xs font-medium text-destructive"}>
        {valid ? "0 for none. Up to 60 000 ms." : "A whole number of milliseconds from 0 to 60 000."}
      </p>
    </div>
  );
}
