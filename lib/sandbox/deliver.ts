import { env } from "@/lib/env";
import { afterResponse } from "@/lib/messaging/background";
import { receiveWebhook } from "@/lib/messaging/intake";
import { processEvents } from "@/lib/messaging/process";

/** Posts a signed Meta webhook to the app's /api/webhooks/meta; answers the HTTP status. */
export type WebhookDelivery = (rawBody: string, signature: string) => Promise<number>;

/**
 * In-process by default: the same bytes and headers go through `receiveWebhook` — the
 * code the webhook route runs — so signature check, dedupe and reducer are all real,
 * without depending on PUBLIC_URL being reachable from the server itself.
 */
export const inProcessDelivery: WebhookDelivery = async (rawBody, signature) => {
  const result = await receiveWebhook({
    provider: "meta",
    method: "POST",
    url: `${env().publicUrl}/api/webhooks/meta`,
    headers: new Headers({ "content-type": "application/json", "x-hub-signature-256": signature, "user-agent": "facebookexternalua" }),
    rawBody,
  });
  if (result.eventIds.length > 0) afterResponse("sandbox webhook processing", () => processEvents(result.eventIds));
  return result.status;
};

/** Over HTTP to `{baseUrl}/api/webhooks/meta`, for a deployment that wants the full network path. */
export function httpDelivery(fetchImpl: typeof fetch = fetch, baseUrl = env().publicUrl): WebhookDelivery {
  return async (rawBody, signature) => {
    const res = await fetchImpl(`${baseUrl}/api/webhooks/meta`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature },
      body: rawBody,
    });
    return res.status;
  };
}

const g = globalThis as unknown as { __tickflowSandboxDelivery?: WebhookDelivery };

export function webhookDelivery(): WebhookDelivery {
  return g.__tickflowSandboxDelivery ?? inProcessDelivery;
}

export function setWebhookDelivery(delivery: WebhookDelivery | null): void {
  g.__tickflowSandboxDelivery = delivery ?? undefined;
}
