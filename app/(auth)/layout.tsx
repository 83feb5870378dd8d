import { Logo } from "@/components/brand/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center bg-muted/40 px-4 py-10">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <main className="flex w-full max-w-sm flex-col items-center gap-6">
        <Logo className="text-xl" markClassName="size-9" />
        {children}
      </main>
      <p className="mt-8 text-center text-xs text-muted-foreground">
        WhatsApp bots you can see — flows, live inbox, delivery ticks.
      </p>
    </div>
  );
}
