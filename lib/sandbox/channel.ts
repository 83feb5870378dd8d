import { randomBytes } from "node:crypto";
import type { Queryable } from "@/db/client";
import { findSandboxChannelRow, insertChannelRow } from "@/db/queries/channels";
import { ApiError } from "@/lib/api/errors";
import type { AnyChannelAdapter } from "@/lib/channels/adapter";
import { getAdapter } from "@/lib/channels/registry";
import type { SandboxConfig } from "@/lib/channels/sandbox/config";
import { env } from "@/lib/env";
import { invalidateChannelCache, liveChannels, type LiveChannel } from "@/lib/messaging/channel-cache";
import { storableConfig } from "@/lib/messaging/channel-admin";

export const SANDBOX_PHONE_NUMBER_ID = "100000000000001";
export const SANDBOX_DISPLAY_NUMBER = "15550000001";

/**
 * The built-in sandbox channel: a Meta-compatible number whose Graph API is the app's
 * own mock route. Created once (call under the bootstrap lock); its secrets are random
 * and encrypted like any channel's. It has no provider limit, so its rate is generous.
 */
export async function ensureSandboxChannel(db: Queryable): Promise<{ id: string; created: boolean }> {
  const existing = await findSandboxChannelRow(db);
  if (existing) return { id: existing.id, created: false };
  const secret = () => randomBytes(24).toString("hex");
  const stored = await storableConfig(db, "sandbox", getAdapter("sandbox") as AnyChannelAdapter, {
    phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
    displayPhoneNumber: SANDBOX_DISPLAY_NUMBER,
    accessToken: secret(),
    appSecret: secret(),
    verifyToken: secret(),
  });
  const row = await insertChannelRow(db, { provider: "sandbox", name: "Sandbox", ...stored, settings: { rateLimitPerSecond: 1000 } });
  invalidateChannelCache();
  return { id: row.id, created: true };
}

export interface SandboxChannel extends LiveChannel {
  config: SandboxConfig & Record<string, unknown>;
}

export async function findSandbox(db: Queryable, phoneNumberId?: string): Promise<SandboxChannel | null> {
  const channels = await liveChannels(db);
  const sandbox = channels.find((c) => c.provider === "sandbox" && (phoneNumberId === undefined || c.config.phoneNumberId === phoneNumberId));
  return (sandbox as SandboxChannel | undefined) ?? null;
}

/** The simulator's channel, or 404 when the sandbox is switched off. */
export async function requireSandbox(db: Queryable): Promise<SandboxChannel> {
  const sandbox = env().SANDBOX_ENABLED ? await findSandbox(db) : null;
  if (!sandbox) throw new ApiError(404, "sandbox_disabled", "The sandbox is not enabled (SANDBOX_ENABLED=false, or it has not been created yet).");
  return sandbox;
}

export function sandboxNumber(channel: SandboxChannel) {
  return { phoneNumberId: channel.config.phoneNumberId, displayPhoneNumber: channel.config.displayPhoneNumber ?? SANDBOX_DISPLAY_NUMBER };
}
