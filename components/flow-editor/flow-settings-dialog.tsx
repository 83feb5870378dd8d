"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";

import { apiFetch } from "@/components/data/api-fetch";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { FlowSettings, FlowVariable } from "@/lib/flow";

import { CheckboxField, Counter, NumberField, Section } from "./fields";
import type { DocumentMeta } from "./from-react-flow";
import { flowKey, flowPath, flowsKey, useChannelList, type FlowView } from "./queries";

type Binding = { description: string; channelIds: string[]; isFallback: boolean };

/**
 * Where the flow answers (channels, fallback) and the document's own settings (session
 * timeout, loop guard, declared variables). Channels are saved at once; the document
 * settings go into the draft like any other edit.
 */
export function FlowSettingsDialog({
  flow,
  open,
  onOpenChange,
  readOnly,
  meta,
  onMetaChange,
}: {
  flow: Pick<FlowView, "id" | "description" | "channelIds" | "isFallback">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  readOnly: boolean;
  meta: DocumentMeta;
  onMetaChange: (meta: DocumentMeta) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [binding, setBinding] = useState<Binding>({ description: flow.description ?? "", channelIds: flow.channelIds, isFallback: flow.isFallback });
  const [settings, setSettings] = useState<FlowSettings>(meta.settings ?? {});
  const [variables, setVariables] = useState<FlowVariable[]>(meta.variables ?? []);
  const channels = useChannelList(open);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<FlowView>(flowPath(flow.id), {
        method: "PUT",
        json: { description: binding.description.trim() || null, channelIds: binding.channelIds, isFallback: binding.isFallback },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData<FlowView>(flowKey(flow.id), (current) => (current ? { ...current, ...pickBinding(saved) } : current));
      void queryClient.invalidateQueries({ queryKey: flowsKey, exact: true });
      const cleanVariables = variables.filter((v) => v.name.trim()).map((v) => ({ ...v, name: v.name.trim() }));
      const cleanSettings = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as FlowSettings;
      onMetaChange({
        variables: cleanVariables.length ? cleanVariables : undefined,
        settings: Object.keys(cleanSettings).length ? cleanSettings : undefined,
      });
      toast.success("Flow settings saved");
      onOpenChange(false);
    },
  });

  const toggleChannel = (channelId: string, on: boolean) =>
    setBinding((b) => ({ ...b, channelIds: on ? [...b.channelIds, channelId] : b.channelIds.filter((c) => c !== channelId) }));

  return (
    <Dialog open={open} onOpenChange={(next) => !save.isPending && onOpenChange(next)}>
      <DialogContent className="max-w-xl" data-testid="flow-settings-dialog">
        <form
          className="grid gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <DialogHeader>
            <DialogTitle>Flow settings</DialogTitle>
            <DialogDescription>Where this flow answers once published, and how its conversations behave.</DialogDescription>
          </DialogHeader>
          <fieldset disabled={readOnly} className="grid gap-5">
            <div className="grid gap-1.5">
              <div className="flex items-end justify-between">
                <Label htmlFor={`${id}-description`}>Description</Label>
                <Counter id={`${id}-description-count`} length={binding.description.length} max={500} />
              </div>
              <Textarea
                id={`${id}-description`}
                rows={2}
                value={binding.description}
                aria-describedby={`${id}-description-count`}
                onChange={(event) => setBinding((b) => ({ ...b, description: event.target.value }))}
              />
            </div>
            <Section title="Answers on" description="The published version answers new conversations on these channels, in the channel's flow order.">
              {channels.isPending ? (
                <p className="text-xs text-muted-foreground">Loading channels…</p>
              ) : channels.error ? (
                <p className="text-xs text-destructive">{channels.error.message}</p>
              ) : channels.data.length === 0 ? (
                <p className="text-xs text-muted-foreground">No channels yet. An admin connects them under Channels.</p>
              ) : (
                <div className="grid gap-2" data-testid="flow-settings-channels">
                  {channels.data.map((channel) => (
                    <CheckboxField
                      key={channel.id}
                      label={`${channel.name} (${channel.provider})`}
                      checked={binding.channelIds.includes(channel.id)}
                      testId={`flow-channel-${channel.id}`}
                      onChange={(on) => toggleChannel(channel.id, on)}
                    />
                  ))}
                </div>
              )}
              <CheckboxField
                label="Fallback flow"
                checked={binding.isFallback}
                hint="Answers a message that no other flow's trigger matches, whatever its own trigger says."
                onChange={(isFallback) => setBinding((b) => ({ ...b, isFallback }))}
              />
            </Section>
            <Section title="Conversations">
              <div className="grid grid-cols-2 gap-3">
                <NumberField
                  label="End after inactivity (minutes)"
                  value={settings.inactivityTimeoutMinutes}
                  min={1}
                  max={30 * 24 * 60}
                  step={1}
                  placeholder="1440 (24 h)"
                  onChange={(inactivityTimeoutMinutes) => setSettings((s) => ({ ...s, inactivityTimeoutMinutes }))}
                />
                <NumberField
                  label="Blocks per message (loop guard)"
                  value={settings.maxStepsPerMessage}
                  min={1}
                  max={1000}
                  step={1}
                  placeholder="50"
                  onChange={(maxStepsPerMessage) => setSettings((s) => ({ ...s, maxStepsPerMessage }))}
                />
              </div>
            </Section>
            <Section
              title="Variables"
              description="Optional: declare variables with a starting value. Variables saved by Ask, Set variable or an API call need no declaration."
              actions={
                <Button variant="ghost" size="sm" onClick={() => setVariables((v) => [...v, { name: "" }])}>
                  <Plus aria-hidden />
                  Add
                </Button>
              }
            >
              {variables.map((variable, index) => (
                <div key={index} className="flex items-center gap-2">
                  <Input
                    aria-label={`Variable ${index + 1} name`}
                    placeholder="name"
                    className="font-mono text-xs"
                    value={variable.name}
                    onChange={(event) => setVariables((vs) => vs.map((v, i) => (i === index ? { ...v, name: event.target.value } : v)))}
                  />
                  <Input
                    aria-label={`Variable ${index + 1} starting value`}
                    placeholder="starting value (optional)"
                    value={variable.default === undefined || variable.default === null ? "" : String(variable.default)}
                    onChange={(event) =>
                      setVariables((vs) => vs.map((v, i) => (i === index ? { name: v.name, ...(event.target.value ? { default: event.target.value } : {}) } : v)))
                    }
                  />
                  <Button variant="ghost" size="icon-sm" aria-label={`Remove variable ${index + 1}`} onClick={() => setVariables((vs) => vs.filter((_, i) => i !== index))}>
                    <X aria-hidden />
                  </Button>
                </div>
              ))}
            </Section>
          </fieldset>
          {save.error ? (
            <Alert variant="destructive">
              <AlertDescription>{save.error.message}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={save.isPending}>
              {readOnly ? "Close" : "Cancel"}
            </Button>
            {readOnly ? null : (
              <Button type="submit" disabled={save.isPending || binding.description.length > 500} data-testid="flow-settings-save">
                {save.isPending ? "Saving…" : "Save"}
              </Button>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function pickBinding(flow: FlowView) {
  return { description: flow.description, channelIds: flow.channelIds, isFallback: flow.isFallback };
}
