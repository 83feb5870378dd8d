import type { Queryable } from "@/db/client";
import { findVersion } from "@/db/queries/flows";
import { publishedFlowsForChannel, publishedVersionOf } from "@/db/queries/sessions";
import { parseFlowDocument, type FlowDocument } from "@/lib/flow";

/**
 * Published versions are immutable, so their parsed documents are cached for good (a
 * bounded map); which flows serve a channel changes on publish, so that list is cached
 * for a couple of seconds and dropped at once on a local publish. Another instance's
 * publish is seen within CHANNEL_TTL_MS.
 */
const CHANNEL_TTL_MS = 2_000;
const MAX_VERSIONS = 500;

export interface LoadedFlow {
  flowId: string;
  version: number;
  doc: FlowDocument;
}

interface Cache {
  versions: Map<string, FlowDocument>;
  channels: Map<string, { at: number; flows: { id: string; version: number; isFallback: boolean }[] }>;
}
const g = globalThis as unknown as { __tickflowFlowCache?: Cache };
const cache = (g.__tickflowFlowCache ??= { versions: new Map(), channels: new Map() });

export async function loadVersion(db: Queryable, flowId: string, version: number): Promise<LoadedFlow | null> {
  const key = `${flowId}@${version}`;
  let doc = cache.versions.get(key);
  if (!doc) {
    const row = await findVersion(db, flowId, version);
    if (!row) return null;
    doc = parseFlowDocument(row.document);
    if (cache.versions.size >= MAX_VERSIONS) cache.versions.delete(cache.versions.keys().next().value!);
    cache.versions.set(key, doc);
  }
  return { flowId, version, doc };
}

/** The published version of a flow (for Go to flow), or null when it is not published. */
export async function loadPublished(db: Queryable, flowId: string): Promise<LoadedFlow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(flowId)) return null;
  const row = await publishedVersionOf(db, flowId);
  return row?.publishedVersion ? loadVersion(db, flowId, row.publishedVersion) : null;
}

/** The channel's published flows in trigger order, fallback flows last. */
export async function channelFlows(db: Queryable, channelId: string): Promise<{ id: string; version: number; isFallback: boolean }[]> {
  const hit = cache.channels.get(channelId);
  if (hit && Date.now() - hit.at < CHANNEL_TTL_MS) return hit.flows;
  const rows = await publishedFlowsForChannel(db, channelId);
  const flows = rows
    .map((r) => ({ id: r.id, version: r.publishedVersion!, isFallback: r.isFallback }))
    .sort((a, b) => Number(a.isFallback) - Number(b.isFallback));
  cache.channels.set(channelId, { at: Date.now(), flows });
  return flows;
}

export function invalidateChannelFlows(): void {
  cache.channels.clear();
}
