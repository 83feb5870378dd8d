import type { ChannelAdapter } from "../adapter";
import { badResponse, postToProvider, trimSlash } from "../shared/http";
import { asObject, asText } from "../shared/json";
import { validContent } from "../shared/valid-content";
import { YCLOUD_DEFAULT_API_BASE_URL, ycloudConfigSchema, ycloudSecretFields, type YCloudConfig } from "./config";
import { parseYCloudWebhook, ycloudRoutingKeys } from "./parse";
import { toYCloudMessage } from "./to-wire";
import { verifyYCloudSignature } from "./verify";

function headers(config: YCloudConfig, json = true): Record<string, string> {
  return json ? { "Content-Type": "application/json", "X-API-Key": config.apiKey } : { "X-API-Key": config.apiKey };
}

const base = (config: YCloudConfig) => trimSlash(config.apiBaseUrl ?? YCLOUD_DEFAULT_API_BASE_URL);

export const ycloudAdapter: ChannelAdapter<YCloudConfig> = {
  provider: "ycloud",
  configSchema: ycloudConfigSchema,
  secretFields: ycloudSecretFields,
  webhookPath: "/api/webhooks/ycloud",
  routingKeys: (raw) => ycloudRoutingKeys(raw),
  matchesChannel: (key, config) => key.businessNumber !== undefined && key.businessNumber === config.phoneNumber,
  verify: ({ rawBody, headers: h, config, now }) => verifyYCloudSignature(rawBody, h, config.webhookSecret, now, config.signatureToleranceSeconds),
  parse: parseYCloudWebhook,
  // The queued endpoint: it answers at once with status "accepted"; failures come back as webhooks.
  send: async (config, message, ports) => {
    const body = toYCloudMessage(config.phoneNumber, { ...message, content: validContent(message.content) });
    const answer = await postToProvider(ports, { url: `${base(config)}/whatsapp/messages`, headers: headers(config), body: JSON.stringify(body) });
    const providerMessageId = asText(asObject(answer)?.id);
    if (!providerMessageId) throw badResponse(answer);
    return { providerMessageId };
  },
  markRead: async (config, providerMessageId, ports) => {
    await postToProvider(ports, {
      url: `${base(config)}/whatsapp/inboundMessages/${encodeURIComponent(providerMessageId)}/markAsRead`,
      headers: headers(config, false),
      body: "",
    });
  },
};
