import type { AnyChannelAdapter, ChannelAdapter } from "./adapter";
import { d360Adapter } from "./d360/adapter";
import { metaAdapter } from "./meta/adapter";
import { sandboxAdapter } from "./sandbox/adapter";
import type { Provider, WebhookProvider } from "./types";
import { twilioAdapter } from "./twilio/adapter";
import { ycloudAdapter } from "./ycloud/adapter";

/** A missing provider fails to compile. */
export const ADAPTERS = {
  meta: metaAdapter,
  "360dialog": d360Adapter,
  ycloud: ycloudAdapter,
  twilio: twilioAdapter,
  sandbox: sandboxAdapter,
} as const satisfies Record<Provider, AnyChannelAdapter>;

export type ConfigOf<P extends Provider> = (typeof ADAPTERS)[P] extends ChannelAdapter<infer C> ? C : never;

export function getAdapter<P extends Provider>(provider: P): (typeof ADAPTERS)[P] {
  return ADAPTERS[provider];
}

/**
 * Providers whose channels receive webhooks on /api/webhooks/{provider}. Sandbox channels
 * are Meta-compatible and share Meta's route, so the Meta route looks among both.
 */
export function providersForWebhook(route: WebhookProvider): Provider[] {
  return route === "meta" ? ["meta", "sandbox"] : [route];
}
