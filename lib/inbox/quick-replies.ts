import { z } from "zod";
import type { Database } from "@/db/client";
import { deleteQuickReply, insertQuickReply, listQuickReplies, updateQuickReply, type QuickReplyRow } from "@/db/queries/quick-replies";
import { conflict, notFound } from "@/lib/api/errors";

/** Saved answers: an agent types "/" and a shortcut in the composer to insert one. */
export const quickReplySchema = z.object({
  shortcut: z
    .string()
    .trim()
    .min(1, "Give it a shortcut")
    .max(40)
    .regex(/^[\p{L}\p{N}_-]+$/u, "Letters, digits, - and _ only (typed after “/”)")
    .transform((s) => s.toLowerCase()),
  text: z.string().trim().min(1, "Write the answer").max(4096),
});
export const quickReplyPatchSchema = quickReplySchema.partial();

export interface QuickReplyView {
  id: string;
  shortcut: string;
  text: string;
  updatedAt: Date;
}

const view = (r: QuickReplyRow): QuickReplyView => ({ id: r.id, shortcut: r.shortcut, text: r.text, updatedAt: r.updatedAt });

export async function quickReplies(db: Database) {
  return { items: (await listQuickReplies(db)).map(view) };
}

export async function createQuickReply(db: Database, userId: string, input: z.infer<typeof quickReplySchema>) {
  const row = await insertQuickReply(db, { ...input, createdBy: userId });
  if (!row) throw conflict(`A saved answer with the shortcut “/${input.shortcut}” already exists.`);
  return view(row);
}

export async function editQuickReply(db: Database, id: string, patch: z.infer<typeof quickReplyPatchSchema>) {
  if (patch.shortcut) {
    const clash = (await listQuickReplies(db)).find((r) => r.shortcut === patch.shortcut && r.id !== id);
    if (clash) throw conflict(`A saved answer with the shortcut “/${patch.shortcut}” already exists.`);
  }
  const row = await updateQuickReply(db, id, patch);
  if (!row) throw notFound("Saved answer");
  return view(row);
}

export async function removeQuickReply(db: Database, id: string) {
  if (!(await deleteQuickReply(db, id))) throw notFound("Saved answer");
}
