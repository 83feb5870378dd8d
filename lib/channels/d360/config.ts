import { z } from "zod";
import { apiBaseUrlField, phoneNumberField, secretField } from "../shared/config-fields";

export const D360_DEFAULT_API_BASE_URL = "https://waba-v2.360dialog.io";
export const D360_DEFAULT_WEBHOOK_HEADER = "x-tickflow-secret";

export const d360ConfigSchema = z.object({
  apiKey: secretField,
  /** Routing key: 360dialog forwards Meta's envelope, whose metadata names the number by this id. */
  phoneNumberId: z.string().trim().regex(/^\d+$/, "The phone number ID is numeric"),
  displayPhoneNumber: phoneNumberField.optional(),
  /**
   * Authenticates deliveries: either sent back verbatim in a custom header we set on the
   * 360dialog webhook config, or the key of the partner `x-360dialog-signature` HMAC.
   */
  webhookSecret: secretField,
  /** Custom header name configured on the 360dialog webhook (default x-tickflow-secret). */
  webhookHeader: z.string().trim().regex(/^[A-Za-z0-9-]+$/, "A header name").optional(),
  apiBaseUrl: apiBaseUrlField,
});
export type D360Config = z.infer<typeof d360ConfigSchema>;

export const d360SecretFields = ["apiKey", "webhookSecret"] as const satisfies readonly (keyof D360Config)[];
