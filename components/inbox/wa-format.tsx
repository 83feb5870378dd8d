import { Fragment, type ReactNode } from "react";

/**
 * WhatsApp's text formatting as React elements — never HTML strings, so whatever a
 * customer writes (tags, scripts, markdown link tricks) is shown as the text it is.
 *   *bold*  _italic_  ~strike~  ```monospace```  `inline code`
 *   "> " quote lines, "- " / "* " bullets, "1. " numbered lines
 * Only http(s) URLs become links, showing the URL itself, opened with
 * rel="noopener noreferrer nofollow" in a new tab.
 */

type Marker = { open: string; close: string; render: (children: ReactNode, key: string) => ReactNode; raw?: boolean };

const MARKERS: Marker[] = [
  { open: "```", close: "```", raw: true, render: (c, key) => <code key={key} className="rounded bg-black/5 px-1 font-mono text-[0.92em] dark:bg-white/10">{c}</code> },
  { open: "`", close: "`", raw: true, render: (c, key) => <code key={key} className="rounded bg-black/5 px-1 font-mono text-[0.92em] dark:bg-white/10">{c}</code> },
  { open: "*", close: "*", render: (c, key) => <strong key={key} className="font-semibold">{c}</strong> },
  { open: "_", close: "_", render: (c, key) => <em key={key}>{c}</em> },
  { open: "~", close: "~", render: (c, key) => <s key={key}>{c}</s> },
];

const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);
/** What may stand before an opening marker / after a closing one (as in WhatsApp: not inside words, URLs or identifiers). */
const BEFORE_OPEN = /[\s([{"'“‘¿¡-]/;
const AFTER_CLOSE = /[\s.,;:!?)\]}"'”’-]/;

/** An opening marker at `i`: at a word start, not doubled (`__x`, `**x**` stay as typed), followed by a non-space. */
function opensAt(text: string, i: number, m: Marker): boolean {
  if (!text.startsWith(m.open, i)) return false;
  const before = text[i - 1];
  const after = text[i + m.open.length];
  if (before !== undefined && !BEFORE_OPEN.test(before)) return false;
  if (m.open.length === 1 && (after === m.open || before === m.open)) return false;
  return !isSpace(after);
}

/** The matching close after `from` (same line unless monospace): preceded by a non-space, at a word end. */
function closeAfter(text: string, from: number, m: Marker): number {
  for (let j = text.indexOf(m.close, from); j !== -1; j = text.indexOf(m.close, j + 1)) {
    if (!m.raw && text.slice(from, j).includes("\n")) return -1;
    const after = text[j + m.close.length];
    if (j > from && !isSpace(text[j - 1]) && (after === undefined || AFTER_CLOSE.test(after)) && !(m.close.length === 1 && after === m.close)) return j;
  }
  return -1;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

export function safeHttpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Plain text with its http(s) URLs as links. */
function linkify(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let raw = match[0];
    // Trailing punctuation belongs to the sentence, not the URL.
    const trimmed = raw.replace(/[.,;:!?)\]}]+$/, "");
    raw = trimmed.length > "https://".length ? trimmed : raw;
    const href = safeHttpUrl(raw);
    const start = match.index;
    if (!href) continue;
    if (start > last) out.push(text.slice(last, start));
    out.push(
      <a key={`${key}-u${start}`} href={href} target="_blank" rel="noopener noreferrer nofollow" className="break-all underline underline-offset-2">
        {raw}
      </a>,
    );
    last = start + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function formatInline(text: string, key = "f"): ReactNode[] {
  const out: ReactNode[] = [];
  let plain = "";
  let i = 0;
  const flushPlain = () => {
    if (plain) out.push(...linkify(plain, `${key}-${out.length}`));
    plain = "";
  };
  while (i < text.length) {
    const marker = MARKERS.find((m) => opensAt(text, i, m));
    const end = marker ? closeAfter(text, i + marker.open.length, marker) : -1;
    if (!marker || end === -1) {
      plain += text[i];
      i++;
      continue;
    }
    flushPlain();
    const inner = text.slice(i + marker.open.length, end);
    const k = `${key}-${out.length}`;
    out.push(marker.render(marker.raw ? inner : formatInline(inner, k), k));
    i = end + marker.close.length;
  }
  flushPlain();
  return out;
}

type Block = { kind: "text" | "quote" | "ul" | "ol"; lines: string[] };

const QUOTE = /^> ?/;
const BULLET = /^[-*] /;
const NUMBERED = /^\d{1,3}\. /;

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A ``` block spanning lines stays one text block, so its monospace closes.
    if (line.includes("```") && (line.match(/```/g)?.length ?? 0) % 2 === 1) {
      let j = i + 1;
      while (j < lines.length && !lines[j]!.includes("```")) j++;
      if (j < lines.length) {
        pushLine(blocks, "text", lines.slice(i, j + 1).join("\n"));
        i = j;
        continue;
      }
    }
    const kind: Block["kind"] = line.startsWith(">") ? "quote" : BULLET.test(line) ? "ul" : NUMBERED.test(line) ? "ol" : "text";
    pushLine(blocks, kind, kind === "quote" ? line.replace(QUOTE, "") : kind === "ul" ? line.replace(BULLET, "") : line);
  }
  return blocks;
}

function pushLine(blocks: Block[], kind: Block["kind"], line: string) {
  const last = blocks.at(-1);
  if (last && last.kind === kind) last.lines.push(line);
  else blocks.push({ kind, lines: [line] });
}

/** A message body with WhatsApp formatting; wraps long words and keeps line breaks. */
export function WhatsAppText({ text, className }: { text: string; className?: string }) {
  const blocks = blocksOf(text);
  return (
    <div className={className ?? "grid gap-1 break-words whitespace-pre-wrap [overflow-wrap:anywhere]"} data-testid="wa-text">
      {blocks.map((block, b) => {
        const key = `b${b}`;
        switch (block.kind) {
          case "quote":
            return (
              <blockquote key={key} className="border-l-2 border-current/30 pl-2 opacity-80">
                {block.lines.map((line, i) => (
                  <Fragment key={i}>
                    {i > 0 ? "\n" : null}
                    {formatInline(line, `${key}-${i}`)}
                  </Fragment>
                ))}
              </blockquote>
            );
          case "ul":
          case "ol": {
            const List = block.kind === "ul" ? "ul" : "ol";
            return (
              <List
                key={key}
                className={block.kind === "ul" ? "list-disc pl-5" : "list-decimal pl-5"}
                {...(block.kind === "ol" ? { start: Number(/^\d+/.exec(block.lines[0]!)?.[0] ?? 1) } : {})}
              >
                {block.lines.map((line, i) => (
                  <li key={i}>{formatInline(block.kind === "ol" ? line.replace(NUMBERED, "") : line, `${key}-${i}`)}</li>
                ))}
              </List>
            );
          }
          default:
            return <p key={key}>{formatInline(block.lines.join("\n"), key)}</p>;
        }
      })}
    </div>
  );
}
