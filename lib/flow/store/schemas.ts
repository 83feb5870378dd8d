import { z } from "zod";

const channelIds = z.array(z.uuid({ message: "Unknown channel id" })).max(100);

export const createFlowSchema = z.object({
  name: z.string().trim().min(1, "Name the flow").max(120),
  description: z.string().max(500).optional(),
  document: z.unknown().optional(),
  channelIds: channelIds.optional(),
  priority: z.number().int().min(0).max(10_000).optional(),
});

export const updateFlowSchema = z.object({
  name: z.string().trim().min(1, "Name the flow").max(120).optional(),
  description: z.string().max(500).nullable().optional(),
  document: z.unknown().optional(),
  channelIds: channelIds.optional(),
  priority: z.number().int().min(0).max(10_000).optional(),
  isFallback: z.boolean().optional(),
  /** The draft revision the editor started from; a newer stored one is a conflict (409). */
  revision: z.number().int().min(1).optional(),
});

export const publishSchema = z.object({ note: z.string().trim().max(500).optional() });

export type CreateFlowInput = z.infer<typeof createFlowSchema>;
export type UpdateFlowInput = z.infer<typeof updateFlowSchema>;
