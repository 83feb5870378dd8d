import { z } from "zod";
import { apiBaseUrlField, phoneNumberField, secretField } from "../shared/config-fields";

export const YCLOUD_DEFAULT_API_BASE_URL = "https://api.ycloud.com/v2";
export const YCLOUD_DEFAULT_TOLERANCE_SECONDS = 300;

export const ycloudConfigSchema = z.object({
  apiKey: secretField,
  /** The business number; routing key (inbound `to`, status `from`). */
  phoneNumber: phoneNumberField,
  /** The webhook endpoint's signing secret (whsec_…). */
  webhookSecret: secretField,
  apiBaseUrl: apiBaseUrlField,
  /** Replay window for YCloud-Signature's `t`. */
  signatureToleranceSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type YCloudConfig = z.infer<typeof ycloudConfigSchema>;

export const ycloudSecretFields = ["apiKey", "webhookSecret"] as const satisfies readonly (keyof YCloudConfig)[];
