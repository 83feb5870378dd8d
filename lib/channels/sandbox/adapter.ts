import type { ChannelAdapter, SendPorts } from "../adapter";
import { matchesPhoneNumberId, metaAdapter } from "../meta/adapter";
import { metaRoutingKeys, parseMetaWebhook } from "../meta/parse";
import { metaMessagesUrl, postCloudApiMarkRead, postCloudApiMessage } from "../meta/send";
import { toMetaMarkRead, toMetaMessage } from "../meta/to-wire";
import { verifyMetaSignature } from "../meta/verify";
import { trimSlash } from "../shared/http";
import { validContent } from "../shared/valid-content";
import { SANDBOX_GRAPH_PATH, sandboxConfigSchema, sandboxSecretFields, type SandboxConfig } from "./config";

/** The app's own origin; the dispatcher should pass `appUrl`, the env fallback keeps a bare `npm run dev` working. */
function appOrigin(ports: SendPorts): string {
  return trimSlash(ports.appUrl ?? process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`);
}

export function sandboxMessagesUrl(config: SandboxConfig, ports: SendPorts): string {
  return metaMessagesUrl(config, `${appOrigin(ports)}${SANDBOX_GRAPH_PATH}`);
}

/**
 * A Meta-compatible channel backed by the app's mock Graph API. Same signature check,
 * parser and body builders as Meta, so the simulator exercises the real code path.
 */
export const sandboxAdapter: ChannelAdapter<SandboxConfig> = {
  provider: "sandbox",
  configSchema: sandboxConfigSchema,
  secretFields: sandboxSecretFields,
  webhookPath: metaAdapter.webhookPath,
  handshake: (query, config) => metaAdapter.handshake?.(query, config) ?? null,
  routingKeys: (raw) => metaRoutingKeys(raw),
  matchesChannel: matchesPhoneNumberId,
  verify: ({ rawBody, headers, config }) => verifyMetaSignature(rawBody, headers, config.appSecret),
  parse: parseMetaWebhook,
  send: async (config, message, ports) =>
    postCloudApiMessage(
      sandboxMessagesUrl(config, ports),
      { Authorization: `Bearer ${config.accessToken}` },
      toMetaMessage({ ...message, content: validContent(message.content) }),
      ports,
    ),
  markRead: async (config, providerMessageId, ports) =>
    postCloudApiMarkRead(sandboxMessagesUrl(config, ports), { Authorization: `Bearer ${config.accessToken}` }, toMetaMarkRead(providerMessageId), ports),
};
