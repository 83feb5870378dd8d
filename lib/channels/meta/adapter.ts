import type { ChannelAdapter } from "../adapter";
import { validContent } from "../shared/valid-content";
import type { ChannelKey } from "../types";
import { metaConfigSchema, metaSecretFields, type MetaConfig } from "./config";
import { metaRoutingKeys, parseMetaWebhook } from "./parse";
import { metaMessagesUrl, postCloudApiMarkRead, postCloudApiMessage } from "./send";
import { toMetaMarkRead, toMetaMessage } from "./to-wire";
import { metaHandshake, verifyMetaSignature } from "./verify";

export function matchesPhoneNumberId(key: ChannelKey, config: { phoneNumberId: string }): boolean {
  return key.phoneNumberId !== undefined && key.phoneNumberId === config.phoneNumberId;
}

export const metaAdapter: ChannelAdapter<MetaConfig> = {
  provider: "meta",
  configSchema: metaConfigSchema,
  secretFields: metaSecretFields,
  webhookPath: "/api/webhooks/meta",
  handshake: (query, config) => metaHandshake(query, config.verifyToken),
  routingKeys: (raw) => metaRoutingKeys(raw),
  matchesChannel: matchesPhoneNumberId,
  verify: ({ rawBody, headers, config }) => verifyMetaSignature(rawBody, headers, config.appSecret),
  parse: parseMetaWebhook,
  send: async (config, message, ports) =>
    postCloudApiMessage(
      metaMessagesUrl(config),
      { Authorization: `Bearer ${config.accessToken}` },
      toMetaMessage({ ...message, content: validContent(message.content) }),
      ports,
    ),
  markRead: async (config, providerMessageId, ports) =>
    postCloudApiMarkRead(metaMessagesUrl(config), { Authorization: `Bearer ${config.accessToken}` }, toMetaMarkRead(providerMessageId), ports),
};
