import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { templateSuggestions } from "@/lib/inbox/templates";

export const dynamic = "force-dynamic";

const query = z.object({ channelId: z.uuid() });

/** Templates for the composer outside the 24-hour window: ones this channel sent before, and ones its flows use. */
export const GET = apiRoute("inbox:use", async ({ req, db }) => templateSuggestions(db, query.parse(Object.fromEntries(req.nextUrl.searchParams)).channelId));
