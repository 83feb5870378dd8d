import { intakeDb } from "@/db";
import type { NewWebhookEvent } from "@/db/queries/webhook-events";
import { dedupeKey } from "@/lib/channels/dedupe-key";
import { BadPayloadError } from "@/lib/channels/errors";
import { getAdapter, providersForWebhook } from "@/lib/channels/registry";
import { isWebhookProvider, type ChannelKey, type NormalizedEvent, type WebhookProvider } from "@/lib/channels/types";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";
import { liveChannelsFor, type LiveChannel } from "./channel-cache";
import { intakeBatcher } from "./intake-batch";
import { conversationKey } from "./locks";
import { stageLog } from "./log-lines";
import { rememberEvents } from "./process";

export interface WebhookRequest {
  /** The route segment: meta, 360dialog, ycloud, twilio. */
  provider: string;
  method: string;
  /** The request URL as the app saw it (Twilio signs it). */
  url: string;
  headers: Headers;
  /** The body exactly as received; signatures cover these bytes. */
  rawBody: string;
}

export interface WebhookResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Newly stored events to process after answering. */
  eventIds: number[];
}

/** How long the instance that stored an event owns it before the sweeper may take over. */
export const INTAKE_LEASE_MS = 30_000;

/**
 * The webhook hot path, independent of Next: verify → size → parse → one INSERT of every
 * event with its dedupe key → answer. Nothing else happens before the answer; processing
 * runs afterwards (`processEvents(eventIds)`), and a crash in between is the sweeper's.
 */
export async function receiveWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const res = await intake(req);
  const label = isWebhookProvider(req.provider) ? req.provider : "unknown";
  metrics.webhooksReceived.inc({ provider: label, status: String(res.status) });
  metrics.webhookAckSeconds.observe({ provider: label }, (performance.now() - started) / 1000);
  return res;
}

async function intake(req: WebhookRequest): Promise<WebhookResponse> {
  if (!isWebhookProvider(req.provider)) return json(404, { error: "unknown provider", providers: ["meta", "360dialog", "ycloud", "twilio"] });
  const route = req.provider;
  const db = await intakeDb();
  const channels = await liveChannelsFor(db, providersForWebhook(route));

  if (req.method === "GET" || req.method === "HEAD") return handshake(route, req, channels);
  if (req.method !== "POST") return json(405, { error: "use POST" }, { Allow: "GET, POST" });

  const contentType = req.headers.get("content-type");
  const routeAdapter = getAdapter(route);

  // 1. Verify against the channels the payload names; an unknown number falls back to
  //    every channel of the provider (one Meta app signs for all its numbers).
  const keys = routeAdapter.routingKeys(req.rawBody, contentType);
  const named = channels.filter((c) => keys.some((k) => c.adapter.matchesChannel(k, c.config)));
  const pool = named.length > 0 ? named : channels;
  if (pool.length === 0) return unauthorized(route, `no ${route} channel is configured`);
  const verified: LiveChannel[] = [];
  let reason = "";
  for (const channel of pool) {
    const result = channel.adapter.verify({ rawBody: req.rawBody, headers: req.headers, url: req.url, config: channel.config });
    if (result.ok) verified.push(channel);
    else reason ||= result.reason;
  }
  // Refused without writing anything (not even the channel's last error): a forged request changes nothing.
  if (verified.length === 0) return unauthorized(route, reason || "verification failed", named[0]?.id);

  // 2. Size, checked on the verified body.
  const max = env().WEBHOOK_MAX_BODY_BYTES;
  if (Buffer.byteLength(req.rawBody, "utf8") > max) return json(413, { error: `body larger than ${max} bytes` });

  // 3. Parse: 400 only when it is not JSON / form data at all.
  let events: NormalizedEvent[];
  try {
    events = verified[0]!.adapter.parse(req.rawBody, contentType).events;
  } catch (err) {
    if (err instanceof BadPayloadError) return json(400, { error: err.message });
    throw err;
  }

  // 4. Store every event once (with other requests' events when they arrive together); answer.
  const rows = events.map((event) => toRow(route, event, verified));
  const inserted = await intakeBatcher().insert(db, rows);
  const byKey = new Map(rows.map((row, i) => [row.dedupeKey, events[i]!]));
  rememberEvents(inserted.filter((r) => r.state === "pending").map((r) => ({ id: r.id, channelId: r.channelId, event: byKey.get(r.dedupeKey)! })));
  for (const row of rows) {
    if (row.state === "flagged") stageLog.warn({ provider: route, channelId: row.channelId, note: row.note }, `[INBOUND] stored ${row.kind} event flagged: ${row.note}`);
  }
  const eventIds = inserted.filter((r) => r.state === "pending").map((r) => r.id);
  return route === "twilio"
    ? { status: 200, body: "<Response/>", headers: { "content-type": "text/xml" }, eventIds }
    : { status: 200, body: "OK", headers: { "content-type": "text/plain" }, eventIds };
}

function toRow(route: WebhookProvider, event: NormalizedEvent, verified: LiveChannel[]): NewWebhookEvent {
  let channel = verified.find((c) => c.adapter.matchesChannel(event.channelKey, c.config));
  // No business identifiers at all (an odd shape): it came signed by this channel's secret.
  if (!channel && isEmptyKey(event.channelKey) && verified.length === 1) channel = verified[0];
  // Flagged events are kept but not processed. A disabled channel's bot stays quiet, while
  // the ticks of what it sent before still update.
  const note = !channel
    ? `unknown business number: ${describeKey(event.channelKey)}`
    : event.kind === "unknown"
      ? `unknown event: ${event.reason}`
      : channel.status !== "active" && event.kind === "message"
        ? "channel is disabled"
        : null;
  const key = dedupeKey(event);
  return {
    orderKey: channel && !note && event.kind === "message" ? conversationKey(channel.id, event.from) : null,
    provider: channel?.provider ?? route,
    channelId: channel?.id ?? null,
    dedupeKey: `${channel?.id ?? route}:${key}`,
    kind: event.kind,
    payload: event as unknown as Record<string, unknown>,
    state: note ? "flagged" : "pending",
    note,
    lockedUntil: note ? null : new Date(Date.now() + INTAKE_LEASE_MS),
  };
}

const isEmptyKey = (key: ChannelKey) => !key.phoneNumberId && !key.businessNumber && !key.displayPhoneNumber && !key.accountSid;

function describeKey(key: ChannelKey): string {
  const parts = [
    key.phoneNumberId && `phone_number_id ${key.phoneNumberId}`,
    key.businessNumber && `number +${key.businessNumber}`,
    key.accountSid && `account ${key.accountSid}`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "no business identifiers in the payload";
}

function handshake(route: WebhookProvider, req: WebhookRequest, channels: LiveChannel[]): WebhookResponse {
  const query = new URL(req.url).searchParams;
  let refused: { status: number; body: string } | null = null;
  for (const channel of channels) {
    const answer = channel.adapter.handshake?.(query, channel.config) ?? null;
    if (!answer) continue;
    if (answer.status === 200) return { status: 200, body: answer.body, headers: { "content-type": "text/plain" }, eventIds: [] };
    refused = answer;
  }
  if (refused || query.has("hub.mode")) {
    stageLog.warn({ provider: route }, "webhook verification refused: verify token does not match any channel");
    return { status: 403, body: "Forbidden", headers: { "content-type": "text/plain" }, eventIds: [] };
  }
  return { status: 200, body: `Tickflow ${route} webhook endpoint. Providers POST events here.`, headers: { "content-type": "text/plain" }, eventIds: [] };
}

function unauthorized(route: WebhookProvider, reason: string, channelId?: string): WebhookResponse {
  stageLog.warn({ provider: route, reason, channelId }, `webhook refused: ${reason}`);
  return json(401, { error: "unauthorized", reason });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): WebhookResponse {
  return { status, body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers }, eventIds: [] };
}
