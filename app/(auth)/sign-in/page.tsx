import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";

import { safeNextPath } from "@/components/auth/safe-next-path";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { getCurrentUser, needsSetup } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Whether an owner exists is only known per request; never prerender this at build time.
  await connection();
  if (await needsSetup()) redirect("/setup");
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : null);
  if (await getCurrentUser()) redirect(nextPath ?? "/inbox");

  return (
    <Card data-testid="page-sign-in" className="w-full">
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
        <CardDescription>Use the email and password your Tickflow admin gave you.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm next={nextPath} />
      </CardContent>
    </Card>
  );
}
