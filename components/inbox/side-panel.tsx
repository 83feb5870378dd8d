"use client";

import { ArrowRight, Blocks, CircleAlert, Clock, MessageCircle, Route, UserRound, UserX, X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";

import { formatDateTime, formatRelative } from "@/components/data/format";
import { formatClock } from "@/components/data/message-content";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { cn } from "@/lib/utils";

import { formatWaId, windowState } from "./format";
import { useConversationPanel, useSessionPath } from "./queries";
import type { Conversation, PathStep, SessionSummary } from "./types";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function Variables({ values, testId }: { values: Record<string, unknown>; testId?: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">None yet.</p>;
  return (
    <dl className="grid gap-1" data-testid={testId}>
      {entries.map(([key, value]) => (
        <div key={key} className="grid grid-cols-[minmax(0,8rem)_1fr] gap-2 text-sm">
          <dt className="truncate font-mono text-xs leading-5 text-muted-foreground" title={key}>
            {key}
          </dt>
          <dd className="min-w-0 font-mono text-xs leading-5 break-all">{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

const END_REASONS: Record<string, string> = {
  handoff: "handed to a human",
  restart: "restarted by an agent",
  closed: "conversation closed",
  completed: "completed",
  end_block: "reached an End block",
  inactivity: "timed out",
  opt_out: "customer opted out",
  goto_flow: "went to another flow",
  error: "flow error",
};

function SessionLine({ session }: { session: SessionSummary }) {
  return (
    <li className="grid gap-0.5 rounded-md border px-2.5 py-2 text-sm" data-testid={`session-${session.id}`}>
      <span className="flex items-center justify-between gap-2">
        <Link href={`/flows/${session.flowId}`} className="truncate font-medium underline-offset-2 hover:underline">
          {session.flowName ?? "Deleted flow"}
        </Link>
        <Badge variant={session.status === "active" ? "success" : session.status === "error" ? "destructive" : "muted"}>
          {session.status === "active" ? "active" : (END_REASONS[session.endReason ?? ""] ?? session.endReason ?? session.status)}
        </Badge>
      </span>
      <span className="text-xs text-muted-foreground">
        v{session.flowVersion} · started {formatRelative(session.startedAt)}
        {session.endedAt ? ` · ended ${formatRelative(session.endedAt)}` : ""}
      </span>
      {session.status === "active" && session.waitingAt ? (
        <span className="text-xs">
          Waiting at{" "}
          <Link className="font-mono underline-offset-2 hover:underline" href={`/flows/${session.flowId}?block=${encodeURIComponent(session.waitingAt)}`}>
            {session.waitingAt}
          </Link>
          {session.waitingFor ? ` for ${session.waitingFor === "http" ? "an API call" : "the customer's answer"}` : ""}
        </span>
      ) : null}
    </li>
  );
}

function ContactTab({ conversationId, now }: { conversationId: string; now: number }) {
  const panel = useConversationPanel(conversationId);
  if (panel.isPending) return <Skeleton className="h-48" />;
  if (!panel.data) return <p className="text-sm text-destructive">{panel.error?.message ?? "Could not load the contact."}</p>;
  const { contact, conversation, messages, sessions } = panel.data;
  const win = windowState(conversation.windowExpiresAt, now);
  return (
    <div className="grid gap-4" data-testid="contact-panel">
      <dl className="grid gap-1.5">
        <Field label="Name">{contact.name ?? "—"}</Field>
        <Field label="Number">
          <span className="tabular-nums">{formatWaId(contact.waId)}</span>
        </Field>
        <Field label="Channel">{conversation.channel ? `${conversation.channel.name} (${conversation.channel.provider})` : "—"}</Field>
        <Field label="24-hour window">
          <span className={cn("inline-flex items-center gap-1", win.open ? (win.urgent ? "text-amber-700 dark:text-amber-400" : "text-success") : "text-muted-foreground")} data-testid="panel-window">
            <Clock aria-hidden className="size-3.5" />
            {win.open ? win.label : "closed — templates only"}
          </span>
        </Field>
        <Field label="Messages">
          {messages.inbound} from the customer · {messages.outbound} sent
        </Field>
        <Field label="Opt-out">
          {contact.optedOut ? (
            <span className="inline-flex items-center gap-1 text-amber-700 dark:text-amber-400" data-testid="panel-opted-out">
              <UserX aria-hidden className="size-3.5" />
              opted out {contact.optedOutAt ? formatRelative(contact.optedOutAt) : ""}
            </span>
          ) : (
            "subscribed"
          )}
        </Field>
        <Field label="First seen">{formatDateTime(contact.firstSeenAt)}</Field>
        <Field label="Assigned to">{conversation.assignee?.name ?? "nobody"}</Field>
      </dl>
      <section className="grid gap-1.5">
        <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Attributes</h3>
        <Variables values={contact.attributes} testId="contact-attributes" />
      </section>
      <section className="grid gap-1.5">
        <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Sessions</h3>
        {sessions.length === 0 ? (
          <p className="text-sm text-muted-foreground">The bot has not run here yet.</p>
        ) : (
          <ul className="grid gap-1.5">
            {sessions.map((s) => (
              <SessionLine key={s.id} session={s} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function StepLine({ step }: { step: PathStep }) {
  const changed = step.variablesChanged ? Object.entries(step.variablesChanged) : [];
  return (
    <li className="relative grid gap-0.5 border-l-2 border-primary/30 pb-2 pl-3" data-testid="path-step">
      <span aria-hidden className={cn("absolute top-1.5 -left-[5px] size-2 rounded-full", step.error ? "bg-destructive" : "bg-primary")} />
      <span className="flex items-center gap-1.5 text-sm">
        <Link href={`/flows/${step.flowId}?block=${encodeURIComponent(step.blockId)}`} className="truncate font-medium underline-offset-2 hover:underline">
          {step.blockLabel ?? step.blockId}
        </Link>
        {step.blockType ? <span className="text-xs text-muted-foreground">{step.blockType.replace(/_/g, " ")}</span> : null}
      </span>
      {step.output ? (
        <span className="flex items-center gap-1 text-xs text-muted-foreground">
          <ArrowRight aria-hidden className="size-3" />
          {step.output}
          {step.nextBlockId ? ` → ${step.nextBlockId}` : ""}
        </span>
      ) : null}
      {changed.length ? (
        <span className="font-mono text-[11px] break-all text-muted-foreground">
          {changed.map(([k, v]) => `${k} = ${show(v)}`).join(", ")}
        </span>
      ) : null}
      {step.error ? (
        <span className="flex items-center gap-1 text-xs text-destructive">
          <CircleAlert aria-hidden className="size-3" />
          {step.error}
        </span>
      ) : null}
      <time className="text-[11px] text-muted-foreground tabular-nums" dateTime={step.at}>
        {new Date(step.at).toDateString() === new Date().toDateString() ? formatClock(step.at) : formatDateTime(step.at)}
      </time>
    </li>
  );
}

function PathTab({ conversationId }: { conversationId: string }) {
  const path = useSessionPath(conversationId, true);
  if (path.isPending) return <Skeleton className="h-48" />;
  if (!path.data) return <p className="text-sm text-destructive">{path.error?.message ?? "Could not load the path."}</p>;
  const { sessions, items: steps } = path.data;
  const current = sessions.find((s) => s.status === "active") ?? sessions[0];
  const bySession = new Map<string, PathStep[]>();
  for (const step of steps) bySession.set(step.sessionId, [...(bySession.get(step.sessionId) ?? []), step]);
  return (
    <div className="grid gap-4" data-testid="path-panel">
      <section className="grid gap-1.5">
        <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">
          {current?.status === "active" ? "Variables (active session)" : "Variables (last session)"}
        </h3>
        {current ? <Variables values={current.variables} testId="session-variables" /> : <p className="text-sm text-muted-foreground">No session yet.</p>}
      </section>
      {sessions.length === 0 ? null : (
        <section className="grid gap-3">
          <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Path</h3>
          {[...sessions].reverse().map((session) => (
            <div key={session.id} className="grid gap-1.5">
              <p className="flex items-center gap-1.5 text-sm font-medium">
                <Blocks aria-hidden className="size-3.5 text-primary" />
                {session.flowName ?? "Deleted flow"} <span className="text-xs font-normal text-muted-foreground">v{session.flowVersion}</span>
              </p>
              <ol className="ml-1">
                {(bySession.get(session.id) ?? []).map((step) => (
                  <StepLine key={step.id} step={step} />
                ))}
              </ol>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

/** The right-hand panel: who the customer is, and what the bot did. */
export function SidePanel({ conversation, now, onClose }: { conversation: Conversation; now: number; onClose: () => void }) {
  const [tab, setTab] = useState("contact");
  return (
    <aside className="flex min-h-0 flex-1 flex-col border-t md:border-t-0 md:border-l" aria-label="Conversation details" data-testid="side-panel">
      <Tabs value={tab} onValueChange={setTab} className="min-h-0 flex-1 gap-0">
        <div className="flex items-center gap-1 border-b p-2">
          <TabsList className="flex-1">
            <TabsTrigger value="contact" data-testid="panel-tab-contact">
              <UserRound aria-hidden />
              Contact
            </TabsTrigger>
            <TabsTrigger value="path" data-testid="panel-tab-path">
              <Route aria-hidden />
              Bot path
            </TabsTrigger>
          </TabsList>
          <Button size="icon-sm" variant="ghost" aria-label="Hide details" onClick={onClose} data-testid="panel-close">
            <X aria-hidden />
          </Button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto p-3">
          <TabsContent value="contact">{tab === "contact" ? <ContactTab conversationId={conversation.id} now={now} /> : null}</TabsContent>
          <TabsContent value="path">{tab === "path" ? <PathTab conversationId={conversation.id} /> : null}</TabsContent>
        </div>
      </Tabs>
      <p className="flex items-center gap-1 border-t px-3 py-2 text-[11px] text-muted-foreground">
        <MessageCircle aria-hidden className="size-3" />
        Opened {conversation.createdAt ? formatRelative(conversation.createdAt) : "—"}
      </p>
    </aside>
  );
}
