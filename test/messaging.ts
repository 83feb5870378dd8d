import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { contacts, conversations, messages, messageStatusEvents, webhookEvents } from "@/db/schema";
import type { BotContext, BotRunner } from "@/lib/messaging/bot";
import { createChannel } from "@/lib/messaging/channel-admin";
import { invalidateChannelCache } from "@/lib/messaging/channel-cache";
import { receiveWebhook, type WebhookRequest } from "@/lib/messaging/intake";
import { processEvents } from "@/lib/messaging/process";
import { metaEnvelope, metaJson, metaSignature, newWamid, statusObject, type WireStatus } from "@/lib/sandbox/wire";

/** Helpers for the messaging integration tests (each test file has its own fresh database). */

export const SYSTEM_ACTOR = { id: "test-runner", via: "token" as const };

export interface TestMetaChannel {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  appSecret: string;
  accessToken: string;
  verifyToken: string;
}

let numberSeq = 0;

/** A Meta channel whose Graph API is a fake host (tests inject fetch). */
export async function createMetaChannel(overrides: { rateLimitPerSecond?: number } = {}): Promise<TestMetaChannel> {
  numberSeq++;
  const suffix = String(Date.now() % 1e6).padStart(6, "0") + String(numberSeq).padStart(3, "0");
  const channel = {
    phoneNumberId: `2${suffix}0000`,
    displayPhoneNumber: `1555${suffix.slice(-7)}`,
    appSecret: randomBytes(16).toString("hex"),
    accessToken: `EAAG${randomBytes(12).toString("hex")}`,
    verifyToken: randomBytes(8).toString("hex"),
  };
  const db = await getDb();
  const view = await createChannel(db, SYSTEM_ACTOR, {
    provider: "meta",
    name: `Meta ${suffix}`,
    config: { ...channel, apiBaseUrl: "https://graph.test" },
    settings: overrides.rateLimitPerSecond ? { rateLimitPerSecond: overrides.rateLimitPerSecond } : undefined,
  });
  invalidateChannelCache();
  return { id: view.id, ...channel };
}

export interface InboundSpec {
  from?: string;
  name?: string;
  wamid?: string;
  text?: string;
  timestamp?: Date;
  /** Replaces the text message object (other types). */
  message?: Record<string, unknown>;
}

export function metaInboundBody(channel: Pick<TestMetaChannel, "phoneNumberId" | "displayPhoneNumber">, spec: InboundSpec = {}): { rawBody: string; wamid: string; from: string } {
  const from = spec.from ?? "919959623255";
  const wamid = spec.wamid ?? newWamid();
  const ts = String(Math.floor((spec.timestamp ?? new Date()).getTime() / 1000));
  const message = spec.message ?? { type: "text", text: { body: spec.text ?? "hi" } };
  const payload = metaEnvelope(channel, {
    contacts: [{ profile: { name: spec.name ?? "Ravi" }, wa_id: from }],
    messages: [{ from, id: wamid, timestamp: ts, ...message }],
  });
  return { rawBody: metaJson(payload), wamid, from };
}

export function metaStatusBody(channel: Pick<TestMetaChannel, "phoneNumberId" | "displayPhoneNumber">, statuses: WireStatus[]): string {
  return metaJson(metaEnvelope(channel, { statuses: statuses.map(statusObject) }));
}

export function metaRequest(rawBody: string, secret: string | null, extraHeaders: Record<string, string> = {}): WebhookRequest {
  const headers = new Headers({ "content-type": "application/json", ...extraHeaders });
  if (secret) headers.set("x-hub-signature-256", metaSignature(rawBody, secret));
  return { provider: "meta", method: "POST", url: "http://localhost:3000/api/webhooks/meta", headers, rawBody };
}

/** Webhook in, processed, like the route does after its answer. */
export async function deliverAndProcess(req: WebhookRequest) {
  const res = await receiveWebhook(req);
  await processEvents(res.eventIds);
  return res;
}

/** A BotRunner that counts its runs and optionally replies or waits. */
export function countingBot(behaviour: { reply?: (ctx: BotContext) => string | null; delayMs?: number } = {}) {
  const runs: { text: string | null; conversationId: string; firstContact: boolean }[] = [];
  const runner: BotRunner = {
    async onInboundMessage(_tx: Tx, ctx) {
      runs.push({ text: ctx.message.text, conversationId: ctx.conversation.id, firstContact: ctx.isFirstContact });
      if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
      const text = behaviour.reply?.(ctx);
      if (text) await ctx.reply({ type: "text", text });
    },
  };
  return { runner, runs };
}

export async function counts() {
  const db = await getDb();
  const one = async (table: typeof webhookEvents | typeof messages | typeof contacts | typeof conversations | typeof messageStatusEvents) =>
    Number((await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n);
  return {
    events: await one(webhookEvents),
    messages: await one(messages),
    contacts: await one(contacts),
    conversations: await one(conversations),
    statuses: await one(messageStatusEvents),
  };
}

/** Everything the pipeline stores, to prove a refused request changed nothing. */
export async function snapshot() {
  const db = await getDb();
  const { channels } = await import("@/db/schema");
  return JSON.stringify({
    events: await db.select().from(webhookEvents).orderBy(webhookEvents.id),
    messages: await db.select().from(messages).orderBy(messages.seq),
    contacts: await db.select().from(contacts).orderBy(contacts.id),
    conversations: await db.select().from(conversations).orderBy(conversations.id),
    statuses: await db.select().from(messageStatusEvents).orderBy(messageStatusEvents.id),
    channels: await db.select().from(channels).orderBy(channels.id),
  });
}

export async function messagesOfChannel(channelId: string) {
  const db = await getDb();
  return db.select().from(messages).where(eq(messages.channelId, channelId)).orderBy(messages.seq);
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, label = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Route-handler helpers are shared with the other suites.
export { apiRequest, params, userWithToken } from "./auth";

export const BASE = "http://localhost:3000";
