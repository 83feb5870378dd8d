import type { Queryable } from "@/db/client";
import { listChannelRows, type ChannelRow } from "@/db/queries/channels";
import type { ChannelSettings } from "@/db/schema";
import type { AnyChannelAdapter } from "@/lib/channels/adapter";
import { getAdapter } from "@/lib/channels/registry";
import type { Provider } from "@/lib/channels/types";
import { decryptJson } from "@/lib/crypto";
import { childLog } from "@/lib/log";

const log = childLog("channels");

/** A channel ready to verify, parse and send: its full config (secrets decrypted), parsed by its adapter. */
export interface LiveChannel {
  id: string;
  provider: Provider;
  name: string;
  status: "active" | "disabled";
  adapter: AnyChannelAdapter;
  /** The adapter's parsed config, secrets included. Never leaves the server. */
  config: Record<string, unknown>;
  settings: ChannelSettings;
  phoneNumberId: string | null;
  businessNumber: string | null;
}

/**
 * Channels with decrypted, parsed config, cached in memory for a few seconds: signature
 * verification runs on every webhook and must not cost a query and an AES decrypt each
 * time. Local writes invalidate at once; other instances see a change within TTL_MS.
 */
const TTL_MS = 5_000;

interface CacheState {
  loadedAt: number;
  loading?: Promise<LiveChannel[]>;
  channels?: LiveChannel[];
  generation: number;
}

const g = globalThis as unknown as { __tickflowChannelCache?: CacheState };
const cache = (g.__tickflowChannelCache ??= { loadedAt: 0, generation: 0 });

export function invalidateChannelCache(): void {
  cache.generation++;
  cache.channels = undefined;
  cache.loading = undefined;
  cache.loadedAt = 0;
}

export async function liveChannels(db: Queryable): Promise<LiveChannel[]> {
  if (cache.channels && Date.now() - cache.loadedAt < TTL_MS) return cache.channels;
  if (!cache.loading) {
    const generation = cache.generation;
    const loading = (async () => {
      const rows = await listChannelRows(db);
      const list = rows.map(toLiveChannel).filter((c): c is LiveChannel => c !== null);
      if (cache.generation === generation) {
        cache.channels = list;
        cache.loadedAt = Date.now();
      }
      return list;
    })().finally(() => {
      if (cache.loading === loading) cache.loading = undefined;
    });
    cache.loading = loading;
  }
  return cache.loading;
}

export async function liveChannelsFor(db: Queryable, providers: readonly Provider[]): Promise<LiveChannel[]> {
  return (await liveChannels(db)).filter((c) => providers.includes(c.provider));
}

/** By id; a miss reloads once (the channel may be new on another instance), at most once a second. */
export async function liveChannel(db: Queryable, id: string): Promise<LiveChannel | null> {
  const found = (await liveChannels(db)).find((c) => c.id === id);
  if (found || Date.now() - cache.loadedAt < 1_000) return found ?? null;
  invalidateChannelCache();
  return (await liveChannels(db)).find((c) => c.id === id) ?? null;
}

/** Stored row → full config; a row whose secrets no longer decrypt or parse is skipped, loudly. */
export function toLiveChannel(row: ChannelRow): LiveChannel | null {
  const adapter = getAdapter(row.provider) as AnyChannelAdapter;
  try {
    const secrets = row.secrets ? decryptJson<Record<string, unknown>>(row.secrets) : {};
    const config = adapter.configSchema.parse({ ...row.config, ...secrets }) as Record<string, unknown>;
    return {
      id: row.id,
      provider: row.provider,
      name: row.name,
      status: row.status,
      adapter,
      config,
      settings: row.settings ?? {},
      phoneNumberId: row.phoneNumberId,
      businessNumber: row.businessNumber,
    };
  } catch (err) {
    log.error({ err, channelId: row.id }, "channel config cannot be read (wrong ENCRYPTION_KEY or invalid config); its webhooks are refused");
    return null;
  }
}
