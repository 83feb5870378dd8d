import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";

import { SetupForm } from "@/components/auth/setup-form";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { needsSetup } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage() {
  // Whether an owner exists is only known per request; never prerender this at build time.
  await connection();
  if (!(await needsSetup())) redirect("/sign-in");

  return (
    <Card data-testid="page-setup" className="w-full">
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">Create the owner account</h1>
        <CardDescription>
          This is a new Tickflow. The first account is its owner: an admin who can connect channels, invite people and
          create API tokens.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}
