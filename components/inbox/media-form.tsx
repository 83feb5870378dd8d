"use client";

import { Paperclip } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

import type { OutgoingContent } from "./queries";

type MediaKind = "image" | "document" | "video" | "audio";
const KINDS: { value: MediaKind; label: string }[] = [
  { value: "image", label: "Image" },
  { value: "document", label: "Document" },
  { value: "video", label: "Video" },
  { value: "audio", label: "Audio" },
];

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Sends an image or a document WhatsApp fetches from a public URL. */
export function MediaForm({ onSend, disabled }: { onSend: (content: OutgoingContent) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<MediaKind>("image");
  const [url, setUrl] = useState("");
  const [caption, setCaption] = useState("");
  const [filename, setFilename] = useState("");
  const urlOk = validUrl(url.trim());

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="icon-sm" variant="ghost" aria-label="Send an image or document by URL" data-testid="composer-attach" disabled={disabled}>
          <Paperclip aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Send media by URL</DialogTitle>
          <DialogDescription>WhatsApp downloads the file from this public address (https). Images up to 5 MB, documents up to 100 MB.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (!urlOk) return;
            onSend({
              type: kind,
              link: url.trim(),
              ...(caption.trim() && kind !== "audio" ? { caption: caption.trim() } : {}),
              ...(kind === "document" && filename.trim() ? { filename: filename.trim() } : {}),
            });
            setOpen(false);
            setUrl("");
            setCaption("");
            setFilename("");
          }}
        >
          <div className="flex gap-1.5" role="group" aria-label="Kind">
            {KINDS.map((k) => (
              <Button key={k.value} type="button" size="sm" variant={kind === k.value ? "default" : "outline"} aria-pressed={kind === k.value} onClick={() => setKind(k.value)} data-testid={`media-kind-${k.value}`}>
                {k.label}
              </Button>
            ))}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="media-url">URL</Label>
            <Input id="media-url" data-testid="media-url" type="url" placeholder="https://example.com/invoice.pdf" value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={url !== "" && !urlOk} />
            {url !== "" && !urlOk ? <p className="text-xs text-destructive">Enter a full http(s) address.</p> : null}
          </div>
          {kind === "document" ? (
            <div className="grid gap-1.5">
              <Label htmlFor="media-filename">File name (shown to the customer)</Label>
              <Input id="media-filename" data-testid="media-filename" value={filename} onChange={(e) => setFilename(e.target.value)} placeholder="invoice.pdf" />
            </div>
          ) : null}
          {kind !== "audio" ? (
            <div className="grid gap-1.5">
              <Label htmlFor="media-caption">Caption (optional)</Label>
              <Input id="media-caption" data-testid="media-caption" value={caption} onChange={(e) => setCaption(e.target.value)} maxLength={1024} />
            </div>
          ) : null}
          <DialogFooter>
            <Button type="submit" disabled={!urlOk} data-testid="media-send">
              Send {KINDS.find((k) => k.value === kind)?.label.toLowerCase()}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
