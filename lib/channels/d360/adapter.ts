import type { ChannelAdapter } from "../adapter";
import { matchesPhoneNumberId } from "../meta/adapter";
import { metaRoutingKeys, parseMetaWebhook } from "../meta/parse";
import { postCloudApiMarkRead, postCloudApiMessage } from "../meta/send";
import { toMetaMarkRead, toMetaMessage } from "../meta/to-wire";
import { trimSlash } from "../shared/http";
import { validContent } from "../shared/valid-content";
import { D360_DEFAULT_API_BASE_URL, d360ConfigSchema, d360SecretFields, type D360Config } from "./config";
import { verifyD360Request } from "./verify";

/** The API key identifies the number, so the path has no phone-number id. */
function messagesUrl(config: D360Config): string {
  return `${trimSlash(config.apiBaseUrl ?? D360_DEFAULT_API_BASE_URL)}/messages`;
}

/** 360dialog hosts the Cloud API: Meta's envelope in, Meta's body out, its own key header. */
export const d360Adapter: ChannelAdapter<D360Config> = {
  provider: "360dialog",
  configSchema: d360ConfigSchema,
  secretFields: d360SecretFields,
  webhookPath: "/api/webhooks/360dialog",
  routingKeys: (raw) => metaRoutingKeys(raw),
  matchesChannel: matchesPhoneNumberId,
  verify: ({ rawBody, headers, config }) => verifyD360Request(rawBody, headers, config.webhookSecret, config.webhookHeader),
  parse: parseMetaWebhook,
  send: async (config, message, ports) =>
    postCloudApiMessage(messagesUrl(config), { "D360-API-KEY": config.apiKey }, toMetaMessage({ ...message, content: validContent(message.content) }), ports),
  markRead: async (config, providerMessageId, ports) =>
    postCloudApiMarkRead(messagesUrl(config), { "D360-API-KEY": config.apiKey }, toMetaMarkRead(providerMessageId), ports),
};
