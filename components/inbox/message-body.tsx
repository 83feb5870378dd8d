"use client";

import { Contact, FileText, Forward, Image as ImageIcon, List, MapPin, Megaphone, Mic, Reply, ShoppingCart, SquareDashed, TriangleAlert, Video } from "lucide-react";

import { readOutbound } from "@/components/data/message-content";
import { describeError } from "@/lib/channels/error-catalog";

import type { InboxMessage } from "./types";
import { safeHttpUrl, WhatsAppText } from "./wa-format";

/**
 * Every message type as an agent needs to read it. Customer content is always rendered
 * as text (formatting parsed into elements); media appear when the provider gave a URL
 * (Meta gives an id to download, the sandbox and some BSPs a link); unknown types say so.
 */

const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function ExternalLink({ href, children, className }: { href: string; children: React.ReactNode; className?: string }) {
  const safe = safeHttpUrl(href);
  if (!safe) return <span className={className}>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow" className={className ?? "underline underline-offset-2"}>
      {children}
    </a>
  );
}

function Media({ kind, url, caption, filename, mimeType }: { kind: string; url?: string; caption?: string; filename?: string; mimeType?: string }) {
  const safe = url ? safeHttpUrl(url) : null;
  let preview: React.ReactNode;
  if (safe && (kind === "image" || kind === "sticker")) {
    preview = (
      <ExternalLink href={safe} className="block">
        {/* eslint-disable-next-line @next/next/no-img-element -- customer media on the provider's host, any size */}
        <img
          src={safe}
          alt={caption ?? (kind === "sticker" ? "Sticker" : "Image")}
          loading="lazy"
          referrerPolicy="no-referrer"
          className={kind === "sticker" ? "size-28 object-contain" : "max-h-64 max-w-full rounded-md object-cover"}
          data-testid="media-preview"
        />
      </ExternalLink>
    );
  } else if (safe && kind === "video") {
    preview = <video src={safe} controls preload="none" className="max-h-64 max-w-full rounded-md" data-testid="media-preview" />;
  } else if (safe && kind === "audio") {
    preview = <audio src={safe} controls preload="none" className="max-w-full" data-testid="media-preview" />;
  } else {
    const Icon = kind === "image" || kind === "sticker" ? ImageIcon : kind === "video" ? Video : kind === "audio" ? Mic : FileText;
    const label = filename ?? (kind === "document" ? "Document" : kind.charAt(0).toUpperCase() + kind.slice(1));
    preview = (
      <span className="flex min-w-0 items-center gap-2 rounded-md border bg-background/60 px-2 py-1.5" data-testid="media-file">
        <Icon aria-hidden className="size-5 shrink-0 text-muted-foreground" />
        <span className="grid min-w-0">
          {safe ? (
            <ExternalLink href={safe} className="truncate font-medium underline-offset-2 hover:underline">
              {label}
            </ExternalLink>
          ) : (
            <span className="truncate font-medium">{label}</span>
          )}
          <span className="text-xs text-muted-foreground">
            {mimeType ?? kind}
            {safe ? null : " · no preview (the provider sends media by id)"}
          </span>
        </span>
      </span>
    );
  }
  return (
    <div className="grid max-w-xs grid-cols-[minmax(0,1fr)] gap-1">
      {preview}
      {caption ? <WhatsAppText text={caption} /> : null}
    </div>
  );
}

function Location({ loc }: { loc: Record<string, unknown> }) {
  const latitude = num(loc.latitude);
  const longitude = num(loc.longitude);
  if (latitude === undefined || longitude === undefined) return <p className="text-muted-foreground italic">(location without coordinates)</p>;
  return (
    <div className="flex items-start gap-2" data-testid="location">
      <MapPin aria-hidden className="mt-0.5 size-4 shrink-0 text-destructive" />
      <div className="grid min-w-0">
        <span className="font-medium">{str(loc.name) ?? "Shared location"}</span>
        {str(loc.address) ? <span className="text-xs text-muted-foreground">{str(loc.address)}</span> : null}
        <span className="text-xs text-muted-foreground tabular-nums" data-testid="location-coordinates">
          {latitude.toFixed(5)}, {longitude.toFixed(5)}
        </span>
        <ExternalLink href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`} className="text-xs underline underline-offset-2">
          Open map
        </ExternalLink>
      </div>
    </div>
  );
}

function Contacts({ list }: { list: unknown[] }) {
  return (
    <ul className="grid gap-1.5" aria-label="Shared contacts">
      {list.map((item, i) => {
        const c = obj(item) ?? {};
        const phones = (Array.isArray(c.phones) ? c.phones : []).map(obj).filter(Boolean) as Record<string, unknown>[];
        const emails = (Array.isArray(c.emails) ? c.emails : []).map(obj).filter(Boolean) as Record<string, unknown>[];
        return (
          <li key={i} className="flex items-start gap-2 rounded-md border bg-background/60 px-2 py-1.5">
            <Contact aria-hidden className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <span className="grid min-w-0 text-sm">
              <span className="font-medium">{str(c.name) ?? "Contact"}</span>
              {str(c.org) ? <span className="text-xs text-muted-foreground">{str(c.org)}</span> : null}
              {phones.map((p, j) => (
                <span key={`p${j}`} className="text-xs tabular-nums">
                  {str(p.phone)}
                  {str(p.type) ? <span className="text-muted-foreground"> · {str(p.type)}</span> : null}
                </span>
              ))}
              {emails.map((e, j) => (
                <span key={`e${j}`} className="text-xs">
                  {str(e.email)}
                </span>
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Choices({ items, label }: { items: { id: string; title: string; description?: string }[]; label: string }) {
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className="inline-flex items-center gap-1 rounded-full border bg-background/70 px-2 py-0.5 text-xs" title={item.description}>
          <Reply aria-hidden className="size-3 text-muted-foreground" />
          {item.title}
        </li>
      ))}
    </ul>
  );
}

/** A bot's or agent's message: the content Tickflow sent. */
export function OutboundBody({ message }: { message: InboxMessage }) {
  const content = readOutbound(message.content);
  if (!content) return <WhatsAppText text={message.text ?? ""} />;
  switch (content.type) {
    case "text":
      return <WhatsAppText text={content.text} />;
    case "buttons":
    case "list":
      return (
        <div className="grid gap-1.5">
          {content.header ? <p className="font-semibold">{content.header}</p> : null}
          <WhatsAppText text={content.body} />
          {content.footer ? <p className="text-xs opacity-70">{content.footer}</p> : null}
          {content.type === "buttons" ? (
            <Choices items={content.buttons} label="Reply buttons" />
          ) : (
            <div className="grid gap-1">
              <p className="flex items-center gap-1 text-xs font-medium opacity-80">
                <List aria-hidden className="size-3.5" />
                List “{content.button}”
              </p>
              {content.sections.map((section, i) => (
                <div key={i} className="grid gap-1">
                  {section.title ? <p className="text-[11px] font-semibold uppercase opacity-70">{section.title}</p> : null}
                  <Choices items={section.rows} label={section.title ?? "Rows"} />
                </div>
              ))}
            </div>
          )}
        </div>
      );
    case "template":
      return (
        <div className="grid gap-0.5" data-testid="template-body">
          <p className="flex items-center gap-1 text-xs font-medium uppercase opacity-70">
            <SquareDashed aria-hidden className="size-3.5" />
            Template · {content.language}
          </p>
          <p className="font-medium break-all">{content.name}</p>
          {content.bodyParams?.length ? (
            <ol className="list-decimal pl-5 text-xs opacity-80">
              {content.bodyParams.map((param, i) => (
                <li key={i}>{param.type === "text" ? param.text : param.payload}</li>
              ))}
            </ol>
          ) : null}
        </div>
      );
    case "reaction":
      return <p className="text-xl">{content.emoji || "(reaction removed)"}</p>;
    default:
      return <Media kind={content.type} url={content.link} caption={content.caption} filename={content.filename} />;
  }
}

const UNSUPPORTED_HELP = describeError("131051");

/** A customer's message, whatever its type. `quoted` is the message it answers, when loaded. */
export function InboundBody({ message, quoted }: { message: InboxMessage; quoted?: InboxMessage | null }) {
  const c = obj(message.content) ?? {};
  const media = obj(c.media);
  const interactive = obj(c.interactive);
  const referral = obj(c.referral);
  const context = obj(c.context);
  let body: React.ReactNode;
  switch (message.type) {
    case "text":
      body = <WhatsAppText text={message.text ?? str(c.text) ?? ""} />;
      break;
    case "image":
    case "sticker":
    case "video":
    case "audio":
    case "document":
      body = <Media kind={message.type} url={str(media?.url)} caption={str(media?.caption) ?? (message.type !== "document" ? (message.text ?? undefined) : undefined)} filename={str(media?.filename)} mimeType={str(media?.mimeType)} />;
      break;
    case "location":
      body = <Location loc={obj(c.location) ?? c} />;
      break;
    case "contacts":
      body = <Contacts list={Array.isArray(c.contacts) ? c.contacts : []} />;
      break;
    case "interactive":
    case "button": {
      const title = str(interactive?.title) ?? message.text ?? "(button)";
      const kind = str(interactive?.kind);
      body = (
        <p className="flex items-start gap-1.5" data-testid="button-tap">
          <Reply aria-hidden className="mt-0.5 size-3.5 shrink-0 text-muted-foreground" />
          <span>
            <span className="sr-only">{kind === "list_reply" ? "Chose from the list: " : "Tapped: "}</span>
            {title}
            {str(interactive?.description) ? <span className="block text-xs text-muted-foreground">{str(interactive?.description)}</span> : null}
            {str(interactive?.responseJson) ? <span className="block font-mono text-xs break-all text-muted-foreground">{str(interactive?.responseJson)}</span> : null}
          </span>
        </p>
      );
      break;
    }
    case "reaction": {
      const reaction = obj(c.reaction);
      body = <p className="text-sm text-muted-foreground">{str(reaction?.emoji) ? `Reacted ${str(reaction?.emoji)} to a message` : "Removed a reaction"}</p>;
      break;
    }
    case "order": {
      const order = obj(c.order);
      const items = (Array.isArray(order?.items) ? order.items : []).map(obj).filter(Boolean) as Record<string, unknown>[];
      body = (
        <div className="grid gap-1">
          <p className="flex items-center gap-1.5 font-medium">
            <ShoppingCart aria-hidden className="size-4" /> Order · {items.length} item{items.length === 1 ? "" : "s"}
          </p>
          <ul className="text-xs">
            {items.map((item, i) => (
              <li key={i} className="tabular-nums">
                {num(item.quantity)} × {str(item.productRetailerId)}
                {num(item.itemPrice) !== undefined ? ` — ${num(item.itemPrice)} ${str(item.currency) ?? ""}` : ""}
              </li>
            ))}
          </ul>
          {str(order?.text) ? <WhatsAppText text={str(order?.text)!} /> : null}
        </div>
      );
      break;
    }
    case "request_welcome":
      body = <p className="text-sm text-muted-foreground">The customer opened the chat for the first time (welcome request).</p>;
      break;
    default: {
      const error = Array.isArray(c.errors) ? obj(c.errors[0]) : undefined;
      body = (
        <div className="grid gap-0.5 text-sm" data-testid="unsupported">
          <p className="flex items-center gap-1.5 font-medium">
            <TriangleAlert aria-hidden className="size-4 text-amber-600" />
            Unsupported message{message.type !== "unsupported" && message.type !== "unknown" ? ` (${message.type})` : ""}
          </p>
          <p className="text-xs text-muted-foreground">
            {str(error?.details) ?? str(error?.title) ?? UNSUPPORTED_HELP.meaning} {UNSUPPORTED_HELP.fix}
          </p>
        </div>
      );
    }
  }
  return (
    <div className="grid gap-1">
      {referral ? (
        <p className="flex items-center gap-1 rounded bg-background/60 px-1.5 py-0.5 text-xs text-muted-foreground" data-testid="referral">
          <Megaphone aria-hidden className="size-3.5" />
          From an ad{str(referral.headline) ? `: ${str(referral.headline)}` : ""}
          {str(referral.sourceUrl) ? (
            <>
              {" · "}
              <ExternalLink href={str(referral.sourceUrl)!}>source</ExternalLink>
            </>
          ) : null}
        </p>
      ) : null}
      {context?.forwarded ? (
        <p className="flex items-center gap-1 text-xs text-muted-foreground italic">
          <Forward aria-hidden className="size-3.5" />
          {context.frequentlyForwarded ? "Forwarded many times" : "Forwarded"}
        </p>
      ) : null}
      {quoted ? (
        <p className="line-clamp-2 border-l-2 border-primary/50 pl-2 text-xs text-muted-foreground" data-testid="quoted">
          {quoted.text ?? quoted.type}
        </p>
      ) : null}
      {body}
    </div>
  );
}
