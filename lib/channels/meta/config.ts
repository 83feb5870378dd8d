import { z } from "zod";
import { apiBaseUrlField, phoneNumberField, secretField } from "../shared/config-fields";

export const META_DEFAULT_API_BASE_URL = "https://graph.facebook.com";
export const META_DEFAULT_API_VERSION = "v23.0";

export const metaConfigSchema = z.object({
  phoneNumberId: z.string().trim().regex(/^\d+$/, "The phone number ID is the numeric id from WhatsApp › API Setup"),
  displayPhoneNumber: phoneNumberField.optional(),
  accessToken: secretField,
  /** Signs the webhooks (X-Hub-Signature-256); App Dashboard › Settings › Basic. */
  appSecret: secretField,
  /** Echoed in the GET handshake; not a signing key. */
  verifyToken: secretField,
  apiBaseUrl: apiBaseUrlField,
  apiVersion: z.string().trim().regex(/^v\d+\.\d+$/, "Like v23.0").optional(),
});
export type MetaConfig = z.infer<typeof metaConfigSchema>;

export const metaSecretFields = ["accessToken", "appSecret", "verifyToken"] as const satisfies readonly (keyof MetaConfig)[];
