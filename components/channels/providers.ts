import type { z } from "zod";

import { d360ConfigSchema, D360_DEFAULT_WEBHOOK_HEADER } from "@/lib/channels/d360/config";
import { META_DEFAULT_API_VERSION, metaConfigSchema } from "@/lib/channels/meta/config";
import { twilioConfigSchema } from "@/lib/channels/twilio/config";
import type { Provider } from "@/lib/channels/types";
import { ycloudConfigSchema } from "@/lib/channels/ycloud/config";

/** The providers an admin can add; the sandbox is built in. */
export const ADDABLE_PROVIDERS = ["meta", "360dialog", "ycloud", "twilio"] as const;
export type AddableProvider = (typeof ADDABLE_PROVIDERS)[number];

export interface ConfigField {
  name: string;
  label: string;
  /** Where in the provider's console to find the value. */
  hint: string;
  secret?: boolean;
  optional?: boolean;
  placeholder?: string;
  /** A value Tickflow can make up (verify token, shared webhook secret). */
  generate?: boolean;
  /** Shown as plain text even though it is stored as a secret: the user pastes it elsewhere. */
  visible?: boolean;
}

export interface ProviderInfo {
  label: string;
  summary: string;
  schema: z.ZodObject;
  fields: ConfigField[];
  /** The config field holding the business number, for the channel card. */
  numberField: string;
}

const API_BASE_HINT = "Leave empty to use the provider's public API. Set it only for a proxy or a test server.";

export const PROVIDER_INFO: Record<AddableProvider, ProviderInfo> = {
  meta: {
    label: "Meta Cloud API",
    summary: "Straight from Meta: a WhatsApp number in your own Meta app.",
    schema: metaConfigSchema,
    numberField: "displayPhoneNumber",
    fields: [
      {
        name: "phoneNumberId",
        label: "Phone number ID",
        hint: "Meta App Dashboard › WhatsApp › API Setup: the numeric ID under the “From” number (not the number itself).",
        placeholder: "109876543210987",
      },
      {
        name: "displayPhoneNumber",
        label: "Phone number",
        optional: true,
        hint: "The number customers write to, in international format. Shown in Tickflow only.",
        placeholder: "+1 555 010 1234",
      },
      {
        name: "accessToken",
        label: "Access token",
        secret: true,
        hint: "A permanent token: Business Settings › Users › System users › Generate new token, with whatsapp_business_messaging and whatsapp_business_management.",
      },
      {
        name: "appSecret",
        label: "App secret",
        secret: true,
        hint: "App Dashboard › App settings › Basic › App secret (Show). Tickflow checks every webhook's signature with it.",
      },
      {
        name: "verifyToken",
        label: "Verify token",
        secret: true,
        visible: true,
        generate: true,
        hint: "Any string you choose — one is generated for you. You paste it next to the webhook URL in WhatsApp › Configuration.",
      },
      { name: "apiBaseUrl", label: "API base URL", optional: true, hint: API_BASE_HINT, placeholder: "https://graph.facebook.com" },
      {
        name: "apiVersion",
        label: "Graph API version",
        optional: true,
        hint: `Leave empty for ${META_DEFAULT_API_VERSION}.`,
        placeholder: META_DEFAULT_API_VERSION,
      },
    ],
  },
  "360dialog": {
    label: "360dialog",
    summary: "A WhatsApp Business Solution Provider; Meta's format, 360dialog's API key.",
    schema: d360ConfigSchema,
    numberField: "displayPhoneNumber",
    fields: [
      {
        name: "apiKey",
        label: "API key",
        secret: true,
        hint: "360dialog Hub › your number › API key (Generate API key). It is shown once in the Hub.",
      },
      {
        name: "phoneNumberId",
        label: "Phone number ID",
        hint: "Meta's numeric ID for the number: 360dialog Hub › number details, or metadata.phone_number_id in any webhook it sends.",
        placeholder: "109876543210987",
      },
      {
        name: "displayPhoneNumber",
        label: "Phone number",
        optional: true,
        hint: "The number customers write to, in international format. Shown in Tickflow only.",
        placeholder: "+49 30 1234 5678",
      },
      {
        name: "webhookSecret",
        label: "Webhook secret",
        secret: true,
        visible: true,
        generate: true,
        hint: "A secret you choose — one is generated for you. You set it as a header on the 360dialog webhook, so Tickflow knows deliveries come from there.",
      },
      {
        name: "webhookHeader",
        label: "Webhook header name",
        optional: true,
        hint: `The header carrying the secret. Leave empty for ${D360_DEFAULT_WEBHOOK_HEADER}.`,
        placeholder: D360_DEFAULT_WEBHOOK_HEADER,
      },
      { name: "apiBaseUrl", label: "API base URL", optional: true, hint: API_BASE_HINT, placeholder: "https://waba-v2.360dialog.io" },
    ],
  },
  ycloud: {
    label: "YCloud",
    summary: "A WhatsApp Business Solution Provider with its own API and signed webhooks.",
    schema: ycloudConfigSchema,
    numberField: "phoneNumber",
    fields: [
      { name: "apiKey", label: "API key", secret: true, hint: "YCloud console › Developers › API Keys." },
      {
        name: "phoneNumber",
        label: "Phone number",
        hint: "Your WhatsApp business number in YCloud, in international format.",
        placeholder: "+1 555 010 1234",
      },
      {
        name: "webhookSecret",
        label: "Webhook signing secret",
        secret: true,
        hint: "YCloud console › Developers › Webhooks › your endpoint › Signing secret (whsec_…). Create the endpoint with Tickflow's webhook URL; you can update the secret here later.",
        placeholder: "whsec_…",
      },
      { name: "apiBaseUrl", label: "API base URL", optional: true, hint: API_BASE_HINT, placeholder: "https://api.ycloud.com/v2" },
    ],
  },
  twilio: {
    label: "Twilio",
    summary: "WhatsApp senders on Twilio Programmable Messaging.",
    schema: twilioConfigSchema,
    numberField: "phoneNumber",
    fields: [
      {
        name: "accountSid",
        label: "Account SID",
        hint: "Twilio Console › Account Info (starts with AC).",
        placeholder: "AC…",
      },
      { name: "authToken", label: "Auth token", secret: true, hint: "Twilio Console › Account Info › Auth Token (Show)." },
      {
        name: "phoneNumber",
        label: "WhatsApp sender number",
        hint: "Messaging › Senders › WhatsApp senders; +14155238886 for the Twilio Sandbox.",
        placeholder: "+1 415 523 8886",
      },
      {
        name: "publicWebhookUrl",
        label: "Public webhook URL",
        optional: true,
        hint: "Only behind a proxy or tunnel: the URL exactly as entered in Twilio, because Twilio signs that URL.",
        placeholder: "https://bots.example.com/api/webhooks/twilio",
      },
      { name: "apiBaseUrl", label: "API base URL", optional: true, hint: API_BASE_HINT, placeholder: "https://api.twilio.com" },
    ],
  },
};

export const PROVIDER_LABELS: Record<Provider, string> = {
  meta: "Meta Cloud API",
  "360dialog": "360dialog",
  ycloud: "YCloud",
  twilio: "Twilio",
  sandbox: "Sandbox",
};

export function isAddable(provider: Provider): provider is AddableProvider {
  return (ADDABLE_PROVIDERS as readonly string[]).includes(provider);
}

/** The business number to show for a channel, whatever the provider calls it. */
export function channelNumber(provider: Provider, config: Record<string, unknown>): string | null {
  const key = provider === "ycloud" || provider === "twilio" ? "phoneNumber" : "displayPhoneNumber";
  const value = config[key];
  if (typeof value === "string" && value) return /^\d+$/.test(value) ? `+${value}` : value;
  // Meta-style channels without a display number: the phone number ID still tells them apart.
  return typeof config.phoneNumberId === "string" && config.phoneNumberId ? `ID ${config.phoneNumberId}` : null;
}

/** 24 random characters for a verify token or shared secret. */
export function randomSecret(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}
