import { z } from "zod";
import { apiBaseUrlField, phoneNumberField, secretField } from "../shared/config-fields";

export const TWILIO_DEFAULT_API_BASE_URL = "https://api.twilio.com";

export const twilioConfigSchema = z.object({
  accountSid: z.string().trim().regex(/^AC[0-9a-zA-Z]+$/, "The Account SID starts with AC"),
  authToken: secretField,
  /** The WhatsApp sender, e.g. +14155238886 (the Sandbox). Routing key: inbound `To`, status `From`. */
  phoneNumber: phoneNumberField,
  /**
   * The URL exactly as configured in the Twilio console. Twilio signs that URL, which
   * differs from what the app sees behind a proxy or tunnel. Also sent as StatusCallback.
   */
  publicWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiBaseUrl: apiBaseUrlField,
});
export type TwilioConfig = z.infer<typeof twilioConfigSchema>;

export const twilioSecretFields = ["authToken"] as const satisfies readonly (keyof TwilioConfig)[];
