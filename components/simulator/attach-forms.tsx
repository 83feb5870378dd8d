"use client";

import { useState } from "react";

import { cn } from "@/lib/utils";

import { wa } from "./palette";
import type { SimOutgoing } from "./queries";

const fieldClass = cn("h-9 w-full rounded-md border px-3 text-sm", wa.field, wa.divider, wa.focus);
const labelClass = "grid gap-1 text-xs font-medium";

function SubmitButton({ children, testId, disabled }: { children: React.ReactNode; testId: string; disabled?: boolean }) {
  return (
    <button
      type="submit"
      data-testid={testId}
      disabled={disabled}
      className={cn("h-10 rounded-full text-sm font-medium disabled:opacity-50", wa.send, wa.focus)}
    >
      {children}
    </button>
  );
}

/** Avenida Paulista, São Paulo: a plausible place for the default customer. */
const DEFAULT_LOCATION = { latitude: "-23.561414", longitude: "-46.655881", name: "MASP", address: "Av. Paulista, 1578 — São Paulo" };

export function LocationForm({ onSend }: { onSend: (message: SimOutgoing) => void }) {
  const [form, setForm] = useState(DEFAULT_LOCATION);
  const latitude = Number(form.latitude);
  const longitude = Number(form.longitude);
  const valid =
    form.latitude.trim() !== "" &&
    form.longitude.trim() !== "" &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
  return (
    <form
      className="grid gap-3 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        onSend({
          type: "location",
          latitude,
          longitude,
          ...(form.name.trim() ? { name: form.name.trim() } : {}),
          ...(form.address.trim() ? { address: form.address.trim() } : {}),
        });
      }}
    >
      <div className="grid grid-cols-2 gap-3">
        <label className={labelClass}>
          Latitude
          <input
            className={fieldClass}
            data-testid="sim-location-latitude"
            inputMode="decimal"
            value={form.latitude}
            aria-invalid={!valid || undefined}
            onChange={(event) => setForm({ ...form, latitude: event.target.value })}
          />
        </label>
        <label className={labelClass}>
          Longitude
          <input
            className={fieldClass}
            data-testid="sim-location-longitude"
            inputMode="decimal"
            value={form.longitude}
            aria-invalid={!valid || undefined}
            onChange={(event) => setForm({ ...form, longitude: event.target.value })}
          />
        </label>
      </div>
      <label className={labelClass}>
        <span>
          Place name <span className={cn("font-normal", wa.meta)}>(optional)</span>
        </span>
        <input className={fieldClass} data-testid="sim-location-name" value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
      </label>
      <label className={labelClass}>
        <span>
          Address <span className={cn("font-normal", wa.meta)}>(optional)</span>
        </span>
        <input className={fieldClass} data-testid="sim-location-address" value={form.address} onChange={(event) => setForm({ ...form, address: event.target.value })} />
      </label>
      <SubmitButton testId="sim-location-send" disabled={!valid}>
        Send location
      </SubmitButton>
    </form>
  );
}

export function ImageForm({ onSend }: { onSend: (message: SimOutgoing) => void }) {
  const [link, setLink] = useState("https://picsum.photos/seed/tickflow/600/400");
  const [caption, setCaption] = useState("");
  const valid = /^https?:\/\/\S+$/i.test(link.trim());
  return (
    <form
      className="grid gap-3 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        onSend({ type: "image", link: link.trim(), ...(caption.trim() ? { caption: caption.trim() } : {}) });
      }}
    >
      <label className={labelClass}>
        Image URL
        <input
          className={fieldClass}
          data-testid="sim-image-url"
          type="url"
          inputMode="url"
          value={link}
          aria-invalid={!valid || undefined}
          onChange={(event) => setLink(event.target.value)}
        />
      </label>
      <label className={labelClass}>
        <span>
          Caption <span className={cn("font-normal", wa.meta)}>(optional)</span>
        </span>
        <input className={fieldClass} data-testid="sim-image-caption" value={caption} onChange={(event) => setCaption(event.target.value)} />
      </label>
      <SubmitButton testId="sim-image-send" disabled={!valid}>
        Send image
      </SubmitButton>
    </form>
  );
}
