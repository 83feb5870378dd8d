"use client";

import { Plus, SquareDashed, X } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

import { useTemplateSuggestions, type OutgoingContent } from "./queries";

/**
 * Outside the 24-hour window WhatsApp only delivers approved templates: pick one this
 * channel used before (or type any approved name), fill its {{1}}, {{2}}… parameters.
 */
export function TemplatePicker({ channelId, onSend, pending }: { channelId: string; onSend: (content: OutgoingContent) => void; pending: boolean }) {
  const suggestions = useTemplateSuggestions(channelId, true);
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("en_US");
  const [params, setParams] = useState<string[]>([]);
  const nameOk = /^[a-z0-9_]{1,512}$/.test(name.trim());

  return (
    <form
      className="grid gap-2"
      data-testid="template-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (!nameOk) return;
        onSend({
          type: "template",
          name: name.trim(),
          language: language.trim() || "en_US",
          ...(params.length ? { bodyParams: params.map((text) => ({ type: "text" as const, text })) } : {}),
        });
      }}
    >
      {suggestions.data?.length ? (
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Templates">
          {suggestions.data.map((t) => (
            <Button
              key={`${t.name}-${t.language}`}
              type="button"
              size="sm"
              variant={t.name === name && t.language === language ? "default" : "outline"}
              data-testid={`template-${t.name}`}
              onClick={() => {
                setName(t.name);
                setLanguage(t.language);
                setParams(Array.from({ length: t.bodyParams }, (_, i) => params[i] ?? ""));
              }}
            >
              <SquareDashed aria-hidden />
              {t.name}
              <span className="text-xs opacity-70">{t.language}</span>
            </Button>
          ))}
        </div>
      ) : null}
      <div className="grid gap-2 sm:grid-cols-[1fr_8rem]">
        <div className="grid gap-1">
          <Label htmlFor="template-name" className="text-xs">
            Template name
          </Label>
          <Input id="template-name" data-testid="template-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="order_update" autoComplete="off" />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="template-language" className="text-xs">
            Language
          </Label>
          <Input id="template-language" data-testid="template-language" value={language} onChange={(e) => setLanguage(e.target.value)} placeholder="en_US" />
        </div>
      </div>
      {params.map((value, i) => (
        <div key={i} className="flex items-center gap-2">
          <Label htmlFor={`template-param-${i}`} className="w-12 shrink-0 font-mono text-xs">{`{{${i + 1}}}`}</Label>
          <Input id={`template-param-${i}`} data-testid={`template-param-${i}`} value={value} onChange={(e) => setParams(params.map((p, j) => (j === i ? e.target.value : p)))} />
          <Button type="button" size="icon-sm" variant="ghost" aria-label={`Remove parameter ${i + 1}`} onClick={() => setParams(params.filter((_, j) => j !== i))}>
            <X aria-hidden />
          </Button>
        </div>
      ))}
      <div className="flex items-center justify-between gap-2">
        <Button type="button" size="sm" variant="ghost" onClick={() => setParams([...params, ""])}>
          <Plus aria-hidden />
          Parameter
        </Button>
        <Button type="submit" size="sm" disabled={!nameOk || pending} data-testid="template-send">
          {pending ? "Sending…" : "Send template"}
        </Button>
      </div>
      {name && !nameOk ? <p className="text-xs text-destructive">Template names are lowercase letters, digits and underscores.</p> : null}
    </form>
  );
}
