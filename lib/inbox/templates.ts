import type { Queryable } from "@/db/client";
import { recentTemplates } from "@/db/queries/conversations";
import { channelFlows, loadVersion } from "@/lib/flow/runtime/flow-cache";

export interface TemplateSuggestion {
  name: string;
  language: string;
  /** How many body parameters ({{1}}, {{2}}…) it was used with. */
  bodyParams: number;
  source: "sent" | "flow" | "sample";
}

/** Meta's sample template, approved on every new WhatsApp Business account. */
const SAMPLE: TemplateSuggestion = { name: "hello_world", language: "en_US", bodyParams: 0, source: "sample" };

/**
 * Templates an agent can pick when the window is closed: what this channel sent before
 * and what its published flows' Reply blocks use (Tickflow does not mirror the provider's
 * template list), then Meta's sample. Any approved name can still be typed.
 */
export async function templateSuggestions(db: Queryable, channelId: string): Promise<{ items: TemplateSuggestion[] }> {
  const seen = new Map<string, TemplateSuggestion>();
  const add = (t: TemplateSuggestion) => {
    const key = `${t.name}\u0000${t.language}`;
    if (!seen.has(key)) seen.set(key, t);
  };
  for (const content of await recentTemplates(db, channelId)) {
    const c = content as { name?: unknown; language?: unknown; bodyParams?: unknown[] };
    if (typeof c.name === "string" && typeof c.language === "string") add({ name: c.name, language: c.language, bodyParams: c.bodyParams?.length ?? 0, source: "sent" });
  }
  for (const f of await channelFlows(db, channelId).catch(() => [])) {
    const flow = await loadVersion(db, f.id, f.version).catch(() => null);
    for (const block of flow?.doc.blocks ?? []) {
      if (block.type !== "reply") continue;
      const template = (block.settings as { kind?: string; template?: { name: string; language: string; bodyParams?: string[] } }).template;
      if ((block.settings as { kind?: string }).kind === "template" && template?.name) {
        add({ name: template.name, language: template.language, bodyParams: template.bodyParams?.length ?? 0, source: "flow" });
      }
    }
  }
  add(SAMPLE);
  return { items: [...seen.values()] };
}
