import { z } from "zod";
import type { SettingsIssue } from "../types";

export const endSettings = z.object({});

export type EndSettings = z.infer<typeof endSettings>;

export const endDefaults = {} as const;

export function checkEndSettings(_settings: EndSettings): SettingsIssue[] {
  return [];
}
