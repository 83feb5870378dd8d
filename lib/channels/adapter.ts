import type { z } from "zod";
import type { OutboundContent } from "./content";
import type { ChannelKey, ParsedWebhook, Provider } from "./types";

/** An HTTP POST with only what a provider call needs: the status and the body text. */
export type ProviderPost = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

/** Side effects an adapter may use, injected so tests swap them. */
export interface SendPorts {
  fetch: typeof fetch;
  /** A leaner client for the same call (the dispatcher passes undici's `request`); `fetch` when absent. */
  post?: ProviderPost;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  /** The app's public origin; only the sandbox needs it (its Graph API is the app's own mock route). */
  appUrl?: string;
}

export interface OutboundRequest {
  /** Customer number, any of "5511…", "+5511…", "whatsapp:+5511…". */
  to: string;
  content: OutboundContent;
  /** Echoed back on status webhooks (Meta biz_opaque_callback_data, YCloud externalId); ≤ 512 chars. */
  callbackData?: string;
  /** Provider id of the message being quoted. */
  replyTo?: string;
}

export interface SendResult {
  providerMessageId: string;
}

export interface VerifyRequest<C> {
  /** The body exactly as received (`await req.text()`), never re-serialized. */
  rawBody: string;
  headers: Headers;
  /** The request URL as the app saw it (`req.url`). */
  url: string;
  config: C;
  now?: Date;
}

/** `reason` is for logs and the 401 body; it never contains the expected signature. */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface ParseOptions {
  /** Used when the provider sends no timestamp (Twilio) or an unreadable one. */
  now?: Date;
}

export interface ChannelAdapter<C> {
  provider: Provider;
  configSchema: z.ZodType<C>;
  /** Encrypted at rest and masked in API output. */
  secretFields: readonly (keyof C & string)[];
  /** The route providers post to; the channel page shows PUBLIC_URL + this. */
  webhookPath: string;
  /** GET verification (Meta hub.challenge). null = not a handshake request. */
  handshake?(query: URLSearchParams, config: C): { status: number; body: string } | null;
  /** Cheap, tolerant, runs before verify to find the channel(s); never throws. */
  routingKeys(raw: string, contentType: string | null): ChannelKey[];
  /** Whether an event's key names this channel. */
  matchesChannel(key: ChannelKey, config: C): boolean;
  verify(req: VerifyRequest<C>): VerifyResult;
  /** Throws BadPayloadError only when the body is not JSON / form data at all. */
  parse(raw: string, contentType: string | null, options?: ParseOptions): ParsedWebhook;
  /** Throws SendError. */
  send(config: C, message: OutboundRequest, ports: SendPorts): Promise<SendResult>;
  markRead?(config: C, providerMessageId: string, ports: SendPorts): Promise<void>;
}

// The registry holds adapters of different config types; callers parse the config with
// the adapter's own schema before passing it back, so `any` is confined to this edge.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyChannelAdapter = ChannelAdapter<any>;
