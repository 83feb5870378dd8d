import { CircleAlert } from "lucide-react";

/** The form-level error under an auth form's title; announced when it appears. */
export function FormError({ children }: { children: React.ReactNode }) {
  return (
    <div
      role="alert"
      data-testid="auth-error"
      className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive"
    >
      <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div>{children}</div>
    </div>
  );
}
