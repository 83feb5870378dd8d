"use client";

/**
 * A confirmation dialog built on the Dialog primitive (no @radix-ui/react-alert-dialog
 * here): role="alertdialog", no close on outside click, focus starts on Cancel so a
 * stray Enter never confirms something destructive.
 */
import * as DialogPrimitive from "@radix-ui/react-dialog";
import * as React from "react";

import { buttonVariants } from "@/components/ui/button";
import { DialogOverlay, dialogContentClassName } from "@/components/ui/dialog";
import { cn } from "@/lib/utils";

export const AlertDialog = DialogPrimitive.Root;
export const AlertDialogTrigger = DialogPrimitive.Trigger;

const CancelRefContext = React.createContext<React.RefObject<HTMLButtonElement | null> | null>(null);

export function AlertDialogContent({
  className,
  onOpenAutoFocus,
  onPointerDownOutside,
  children,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content>) {
  const cancelRef = React.useRef<HTMLButtonElement | null>(null);
  return (
    <DialogPrimitive.Portal>
      <DialogOverlay />
      <DialogPrimitive.Content
        data-slot="alert-dialog-content"
        role="alertdialog"
        className={cn(dialogContentClassName, "max-w-md", className)}
        onOpenAutoFocus={(event) => {
          onOpenAutoFocus?.(event);
          if (event.defaultPrevented) return;
          event.preventDefault();
          cancelRef.current?.focus();
        }}
        onPointerDownOutside={(event) => {
          onPointerDownOutside?.(event);
          event.preventDefault();
        }}
        {...props}
      >
        <CancelRefContext.Provider value={cancelRef}>{children}</CancelRefContext.Provider>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function AlertDialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="alert-dialog-header" className={cn("flex flex-col gap-2 text-left", className)} {...props} />;
}

export function AlertDialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="alert-dialog-footer"
      className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}

export function AlertDialogTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  return (
    <DialogPrimitive.Title
      data-slot="alert-dialog-title"
      className={cn("text-lg leading-none font-semibold", className)}
      {...props}
    />
  );
}

export function AlertDialogDescription({
  className,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Description>) {
  return (
    <DialogPrimitive.Description
      data-slot="alert-dialog-description"
      className={cn("text-sm text-muted-foreground", className)}
      {...props}
    />
  );
}

/**
 * The confirming button. It does not close the dialog by itself: the caller closes it
 * when the action has succeeded, so a failure can be shown in place.
 */
export function AlertDialogAction({
  className,
  variant = "destructive",
  ...props
}: React.ComponentProps<"button"> & { variant?: "default" | "destructive" }) {
  return <button type="button" data-slot="alert-dialog-action" className={cn(buttonVariants({ variant }), className)} {...props} />;
}

export function AlertDialogCancel({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Close>) {
  const cancelRef = React.useContext(CancelRefContext);
  return (
    <DialogPrimitive.Close
      ref={cancelRef}
      data-slot="alert-dialog-cancel"
      className={cn(buttonVariants({ variant: "outline" }), className)}
      {...props}
    />
  );
}
