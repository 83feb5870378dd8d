"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { XIcon } from "lucide-react";

import { cn } from "@/lib/utils";

import { wa } from "./palette";

/**
 * A bottom sheet that opens inside the phone's screen (portalled into it), like
 * WhatsApp's list picker and attachment sheets. Focus is trapped; Escape closes it.
 */
export function PhoneSheet({
  container,
  open,
  onOpenChange,
  title,
  description,
  children,
  ...props
}: {
  container: HTMLElement | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: React.ReactNode;
  "data-testid"?: string;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal container={container}>
        <DialogPrimitive.Overlay className="absolute inset-0 z-20 bg-black/40 data-[state=open]:animate-fade-in" />
        <DialogPrimitive.Content
          className={cn(
            "absolute inset-x-0 bottom-0 z-30 flex max-h-[80%] flex-col rounded-t-2xl shadow-2xl outline-none data-[state=open]:animate-fade-in",
            wa.sheet,
          )}
          {...props}
        >
          <div className={cn("flex items-center gap-3 border-b px-4 py-3", wa.divider)}>
            <DialogPrimitive.Close className={cn("rounded-full p-1", wa.meta, wa.focus)}>
              <XIcon aria-hidden className="size-5" />
              <span className="sr-only">Close</span>
            </DialogPrimitive.Close>
            <DialogPrimitive.Title className="min-w-0 flex-1 truncate text-center text-[15px] font-medium">
              {title}
            </DialogPrimitive.Title>
            <span className="w-7" aria-hidden />
          </div>
          {description ? (
            <DialogPrimitive.Description className={cn("px-4 pt-3 text-xs", wa.meta)}>{description}</DialogPrimitive.Description>
          ) : (
            <DialogPrimitive.Description className="sr-only">{title}</DialogPrimitive.Description>
          )}
          <div className="overflow-y-auto">{children}</div>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
