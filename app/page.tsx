import { redirect } from "next/navigation";

import { requireUser } from "@/lib/auth/session";

export default async function Home() {
  // Sends visitors to /setup or /sign-in when they have no session yet.
  await requireUser();
  redirect("/inbox");
}
