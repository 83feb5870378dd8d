import type { ChannelAdapter } from "../adapter";
import { badResponse, postToProvider, trimSlash } from "../shared/http";
import { asObject, asText } from "../shared/json";
import { validContent } from "../shared/valid-content";
import { TWILIO_DEFAULT_API_BASE_URL, twilioConfigSchema, twilioSecretFields, type TwilioConfig } from "./config";
import { parseTwilioWebhook, twilioRoutingKeys } from "./parse";
import { toTwilioForm } from "./to-wire";
import { verifyTwilioSignature } from "./verify";

export const twilioAdapter: ChannelAdapter<TwilioConfig> = {
  provider: "twilio",
  configSchema: twilioConfigSchema,
  secretFields: twilioSecretFields,
  webhookPath: "/api/webhooks/twilio",
  routingKeys: (raw) => twilioRoutingKeys(raw),
  matchesChannel: (key, config) =>
    key.businessNumber !== undefined && key.businessNumber === config.phoneNumber && (key.accountSid === undefined || key.accountSid === config.accountSid),
  verify: ({ rawBody, headers, url, config }) =>
    verifyTwilioSignature({ rawBody, headers, url, authToken: config.authToken, publicWebhookUrl: config.publicWebhookUrl }),
  parse: parseTwilioWebhook,
  send: async (config, message, ports) => {
    const form = toTwilioForm(config, { ...message, content: validContent(message.content) });
    const url = `${trimSlash(config.apiBaseUrl ?? TWILIO_DEFAULT_API_BASE_URL)}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
    const answer = await postToProvider(ports, {
      url,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`,
      },
      body: form.toString(),
    });
    const providerMessageId = asText(asObject(answer)?.sid);
    if (!providerMessageId) throw badResponse(answer);
    return { providerMessageId };
  },
  // No read receipts on Twilio's Messages API.
};
