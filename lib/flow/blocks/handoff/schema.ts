import { z } from "zod";
import type { SettingsIssue } from "../types";

export const handoffSettings = z.object({
  /** Shown to agents in the inbox; may contain {{variables}}. */
  note: z.string().optional(),
});

export type HandoffSettings = z.infer<typeof handoffSettings>;

export const handoffDefaults = {} as const;

export function checkHandoffSettings(s: HandoffSettings): SettingsIssue[] {
  return s.note !== undefined && s.note.length > 1000
    ? [{ code: "note_too_long", message: "Keep the note for agents under 1000 characters." }]
    : [];
}
