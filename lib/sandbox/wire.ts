import { randomBytes } from "node:crypto";
import { hmac } from "@/lib/channels/shared/signature";

/**
 * Meta's webhook bytes: JSON with every non-ASCII character as \uXXXX (emoji as
 * surrogate pairs) and "/" escaped, signed over exactly these bytes. The simulator
 * produces the same so the real signature check and parser run on realistic input.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\//g, "\\/");
}

/** X-Hub-Signature-256 for a body. */
export function metaSignature(rawBody: string, appSecret: string): string {
  return `sha256=${hmac("sha256", appSecret, rawBody, "hex")}`;
}

/** A wamid-looking id (base64 of random bytes, like Meta's opaque ids). */
export function newWamid(): string {
  return `wamid.HBgM${randomBytes(30).toString("base64").replace(/[+/=]/g, "")}`;
}

export const SANDBOX_WABA_ID = "100000000000000";

export interface SandboxNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
}

/** The Cloud API envelope around one change's value. */
export function metaEnvelope(number: SandboxNumber, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: SANDBOX_WABA_ID,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
              ...value,
            },
            field: "messages",
          },
        ],
      },
    ],
  };
}

export const unixSeconds = (d: Date = new Date()) => String(Math.floor(d.getTime() / 1000));

export interface WireStatus {
  wamid: string;
  status: "sent" | "delivered" | "read" | "failed";
  timestamp: string;
  recipient: string;
  callbackData?: string | null;
  error?: { code: number; title: string };
}

/** One `statuses[]` item as Meta sends it. */
export function statusObject(s: WireStatus): Record<string, unknown> {
  const base: Record<string, unknown> = { id: s.wamid, status: s.status, timestamp: s.timestamp, recipient_id: s.recipient };
  if (s.status === "sent" || s.status === "delivered") {
    base.conversation = { id: `sandbox-${s.recipient}`, origin: { type: "service" } };
    base.pricing = { billable: false, pricing_model: "PMP", category: "service", type: "free_customer_service" };
  }
  if (s.callbackData) base.biz_opaque_callback_data = s.callbackData;
  if (s.error) {
    base.errors = [
      {
        code: s.error.code,
        title: s.error.title,
        message: s.error.title,
        error_data: { details: "Message failed to send because the user is not reachable (sandbox fault switch)." },
      },
    ];
  }
  return base;
}
