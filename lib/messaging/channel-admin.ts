import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database, Queryable } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import {
  channelEventStats,
  deleteChannelRow,
  findChannelRow,
  findRoutingClash,
  insertChannelRow,
  listChannelRows,
  updateChannelRow,
  type ChannelRow,
} from "@/db/queries/channels";
import { ensureContact, ensureConversation } from "@/db/queries/messages";
import type { ChannelSettings } from "@/db/schema";
import { ApiError, conflict, notFound } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/auth/current-user";
import type { AnyChannelAdapter } from "@/lib/channels/adapter";
import { isMaskedValue, maskSecrets } from "@/lib/channels/mask-secrets";
import { getAdapter, providersForWebhook } from "@/lib/channels/registry";
import { isPlausiblePhone, toDigits } from "@/lib/channels/shared/phone";
import type { Provider } from "@/lib/channels/types";
import { encryptJson } from "@/lib/crypto";
import { env } from "@/lib/env";
import { invalidateChannelCache, liveChannel, toLiveChannel } from "./channel-cache";
import { conversationKey, lockKey } from "./locks";
import { enqueueOutbound, transactionWithDispatch } from "./outbound";
import { toMessageView } from "./views";
import { windowRefusal } from "./window";
import { dbHandle } from "@/db";

export const ADDABLE_PROVIDERS = ["meta", "360dialog", "ycloud", "twilio"] as const;

export const channelSettingsSchema = z
  .object({
    rateLimitPerSecond: z.number().positive().max(10_000),
    keywords: z.object({ restart: z.array(z.string()), optOut: z.array(z.string()), optIn: z.array(z.string()) }).partial(),
    fallbackFlowId: z.uuid().nullable(),
  })
  .partial();

export const newChannelSchema = z.object({
  provider: z.enum(ADDABLE_PROVIDERS),
  name: z.string().trim().min(1, "Name the channel").max(80),
  config: z.record(z.string(), z.unknown()),
  settings: channelSettingsSchema.optional(),
});

export const channelPatchSchema = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  status: z.enum(["active", "disabled"]).optional(),
  /** Partial: omitted fields and masked secrets keep their stored value; "" or null clears an optional field. */
  config: z.record(z.string(), z.unknown()).optional(),
  settings: channelSettingsSchema.optional(),
});

export const testMessageSchema = z
  .object({
    to: z.string().trim().refine(isPlausiblePhone, "Enter the number in international format, e.g. +15550101234"),
    text: z.string().trim().min(1).max(4096).optional(),
    template: z.object({ name: z.string().trim().min(1), language: z.string().trim().min(2).default("en_US") }).optional(),
  })
  .refine((v) => v.text !== undefined || v.template !== undefined, { message: "Give a text or a template", path: ["text"] });

export interface ChannelHealth {
  lastEventAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Average over the last five minutes. */
  eventsPerMinute: number;
}

export interface ChannelView {
  id: string;
  provider: Provider;
  name: string;
  status: "active" | "disabled";
  /** Secrets masked. */
  config: Record<string, unknown>;
  settings: ChannelSettings;
  webhookUrl: string;
  /** Meta and the sandbox: the token to paste next to the webhook URL in the App Dashboard. */
  verifyToken: string | null;
  phoneNumberId: string | null;
  businessNumber: string | null;
  health: ChannelHealth;
  createdAt: Date;
  updatedAt: Date;
}

type Actor = Pick<CurrentUser, "id" | "via">;
const actorOf = (actor: Actor) => ({ actorKind: actor.via === "token" ? ("token" as const) : ("user" as const), actorId: actor.id });

export async function listChannels(db: Database): Promise<{ items: ChannelView[] }> {
  const rows = await listChannelRows(db);
  const stats = await channelEventStats(db, rows.map((r) => r.id));
  return { items: rows.map((r) => toChannelView(r, stats.get(r.id))) };
}

export async function getChannel(db: Database, id: string): Promise<ChannelView> {
  const row = await findChannelRow(db, id);
  if (!row) throw notFound("Channel");
  const stats = await channelEventStats(db, [row.id]);
  return toChannelView(row, stats.get(row.id));
}

export async function createChannel(db: Database, actor: Actor, input: z.infer<typeof newChannelSchema>, ip?: string): Promise<ChannelView> {
  const adapter = getAdapter(input.provider) as AnyChannelAdapter;
  const raw = cleanConfig(input.config);
  // The verify token is ours to choose; make one so the admin only has to paste it.
  if (input.provider === "meta" && raw.verifyToken === undefined) raw.verifyToken = randomBytes(16).toString("hex");
  const stored = await storableConfig(db, input.provider, adapter, raw);
  const row = await insertChannelRow(db, { provider: input.provider, name: input.name, ...stored, settings: input.settings ?? {} });
  invalidateChannelCache();
  await recordAudit(db, { ...actorOf(actor), action: "channel.created", targetType: "channel", targetId: row.id, details: { provider: row.provider, name: row.name }, ip });
  return toChannelView(row);
}

export async function updateChannel(db: Database, actor: Actor, id: string, patch: z.infer<typeof channelPatchSchema>, ip?: string): Promise<ChannelView> {
  const row = await findChannelRow(db, id);
  if (!row) throw notFound("Channel");
  const adapter = getAdapter(row.provider) as AnyChannelAdapter;
  const changes: Partial<ChannelRow> = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.status !== undefined) changes.status = patch.status;
  if (patch.settings !== undefined) changes.settings = { ...row.settings, ...patch.settings };
  if (patch.config !== undefined) {
    const current = toLiveChannel(row)?.config ?? { ...row.config };
    const merged: Record<string, unknown> = { ...current };
    const secret = new Set<string>(adapter.secretFields as readonly string[]);
    for (const [key, value] of Object.entries(patch.config)) {
      if (secret.has(key) && (value === undefined || value === null || value === "" || isMaskedValue(value))) continue;
      if (value === undefined || value === null || value === "") delete merged[key];
      else merged[key] = typeof value === "string" ? value.trim() : value;
    }
    Object.assign(changes, await storableConfig(db, row.provider, adapter, merged, row.id));
  }
  const updated = await updateChannelRow(db, id, changes);
  if (!updated) throw notFound("Channel");
  invalidateChannelCache();
  const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
  await recordAudit(db, { ...actorOf(actor), action: "channel.updated", targetType: "channel", targetId: id, details: { changed, ...(patch.status ? { status: patch.status } : {}) }, ip });
  const stats = await channelEventStats(db, [id]);
  return toChannelView(updated, stats.get(id));
}

export async function deleteChannel(db: Database, actor: Actor, id: string, ip?: string): Promise<void> {
  const row = await findChannelRow(db, id);
  if (!row) throw notFound("Channel");
  if (row.provider === "sandbox") throw conflict("The sandbox channel is built in and cannot be deleted; disable it instead.");
  await deleteChannelRow(db, id);
  invalidateChannelCache();
  await recordAudit(db, { ...actorOf(actor), action: "channel.deleted", targetType: "channel", targetId: id, details: { provider: row.provider, name: row.name }, ip });
}

/**
 * "Send a test message": through the real outbound pipeline (queued → dispatcher →
 * provider → status webhooks). A text needs the recipient's 24-hour window to be open
 * (they wrote in the last 24 h); otherwise send a template such as Meta's hello_world.
 */
export async function sendTestMessage(actor: Actor, channelId: string, input: z.infer<typeof testMessageSchema>, ip?: string) {
  const { db, kind } = await dbHandle();
  const channel = await liveChannel(db, channelId);
  if (!channel) {
    if (await findChannelRow(db, channelId)) throw conflict("This channel's configuration cannot be read; save its credentials again.");
    throw notFound("Channel");
  }
  if (channel.status !== "active") throw conflict("The channel is disabled; enable it to send.");
  const waId = toDigits(input.to);
  const content = input.template ? { type: "template" as const, name: input.template.name, language: input.template.language } : { type: "text" as const, text: input.text! };
  const message = await transactionWithDispatch(db, async (tx) => {
    await lockKey(tx, kind, conversationKey(channel.id, waId));
    const contact = await ensureContact(tx, { channelId: channel.id, waId });
    const conversation = await ensureConversation(tx, { channelId: channel.id, contactId: contact.id });
    const refusal = windowRefusal(content, conversation.windowExpiresAt);
    if (refusal) {
      throw new ApiError(422, "window_closed", `Not sent: ${refusal}. ${waId} has not written to this number in the last 24 hours; send a template (e.g. hello_world) instead.`);
    }
    const [row] = await enqueueOutbound(tx, { conversationId: conversation.id, channelId: channel.id, content, senderKind: "agent", senderUserId: actor.id });
    return row!;
  });
  await recordAudit(db, { ...actorOf(actor), action: "channel.test_message", targetType: "channel", targetId: channelId, details: { to: waId, messageId: message.id }, ip });
  return toMessageView(message);
}

// ---- helpers -----------------------------------------------------------------------------

/** "" means "not set" (forms send empty optional fields). */
function cleanConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Validates a full config with the adapter's schema (422 with the field issues), splits
 * it into plain config and encrypted secrets, derives the routing columns, and refuses a
 * number another channel already receives (409).
 */
export async function storableConfig(db: Queryable, provider: Provider, adapter: AnyChannelAdapter, raw: Record<string, unknown>, exceptId?: string) {
  const result = adapter.configSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: ["config", ...i.path].join("."), message: i.message }));
    throw new ApiError(422, "invalid", `Invalid channel settings: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  const parsed = result.data as Record<string, unknown>;
  const secretNames = new Set<string>(adapter.secretFields as readonly string[]);
  const config: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (v === undefined) continue;
    (secretNames.has(k) ? secrets : config)[k] = v;
  }
  const phoneNumberId = typeof parsed.phoneNumberId === "string" ? parsed.phoneNumberId : null;
  const number = parsed.phoneNumber ?? parsed.displayPhoneNumber;
  const businessNumber = typeof number === "string" ? toDigits(number) : null;
  const routingProviders = provider === "sandbox" || provider === "meta" ? providersForWebhook("meta") : [provider];
  // Numbers are routed by phone-number id where the provider has one; the display number is informational there.
  const clash = await findRoutingClash(db, {
    providers: routingProviders,
    phoneNumberId,
    businessNumber: phoneNumberId ? null : businessNumber,
    exceptId,
  });
  if (clash) throw conflict(`Channel “${clash.name}” already receives this number's webhooks.`);
  return { config, secrets: encryptJson(secrets), phoneNumberId, businessNumber };
}

export function toChannelView(row: ChannelRow, stats?: { lastEventAt: Date | null; recentEvents: number }): ChannelView {
  const adapter = getAdapter(row.provider) as AnyChannelAdapter;
  const live = toLiveChannel(row);
  const full = live?.config ?? row.config;
  const verifyToken = (row.provider === "meta" || row.provider === "sandbox") && typeof full.verifyToken === "string" ? full.verifyToken : null;
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    status: row.status,
    config: maskSecrets(adapter, full),
    settings: row.settings ?? {},
    webhookUrl: `${env().publicUrl}${adapter.webhookPath}`,
    verifyToken,
    phoneNumberId: row.phoneNumberId,
    businessNumber: row.businessNumber,
    health: {
      lastEventAt: stats?.lastEventAt ?? null,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
      eventsPerMinute: stats ? Math.round((stats.recentEvents / 5) * 10) / 10 : 0,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
