import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Meta's webhook wire format, written here rather than imported from lib/ so the bench
 * never shares a bug with the code it measures.
 */

/** JSON the way Meta serializes it: every non-ASCII UTF-16 unit as \uXXXX (emoji → surrogate pairs). */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** X-Hub-Signature-256 value: "sha256=" + hex HMAC-SHA256(app secret, exact body bytes). */
export function metaSignature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

export function verifyMetaSignature(appSecret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== "string") return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac("sha256", appSecret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}

export interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** WhatsApp Business Account id, Meta's `entry[].id`. */
  wabaId: string;
}

function envelope(number: BusinessNumber, value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: number.wabaId,
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

export function unixSeconds(ms = Date.now()): string {
  return String(Math.floor(ms / 1000));
}

/** One inbound text message from one contact, as Meta posts it. */
export function inboundTextPayload(number: BusinessNumber, m: { waId: string; name: string; wamid: string; text: string; timestampMs?: number }): Record<string, unknown> {
  return envelope(number, {
    contacts: [{ profile: { name: m.name }, wa_id: m.waId }],
    messages: [{ from: m.waId, id: m.wamid, timestamp: unixSeconds(m.timestampMs), text: { body: m.text }, type: "text" }],
  });
}

export type StatusKind = "sent" | "delivered" | "read";

/** One status receipt for a message the business sent. */
export function statusPayload(
  number: BusinessNumber,
  s: { wamid: string; status: StatusKind; recipient: string; timestampMs?: number; callbackData?: string; conversationId: string },
): Record<string, unknown> {
  const status: Record<string, unknown> = { id: s.wamid, status: s.status, timestamp: unixSeconds(s.timestampMs), recipient_id: s.recipient };
  if (s.status !== "read") {
    // Meta attaches conversation and pricing to sent/delivered; `read` usually omits them.
    status.conversation = { id: s.conversationId, ...(s.status === "sent" ? { expiration_timestamp: unixSeconds((s.timestampMs ?? Date.now()) + 86_400_000) } : {}), origin: { type: "service" } };
    status.pricing = { billable: false, pricing_model: "PMP", category: "service", type: "free_customer_service" };
  }
  if (s.callbackData !== undefined) status.biz_opaque_callback_data = s.callbackData;
  return envelope(number, { statuses: [status] });
}

/** Graph API error body. */
export function graphError(code: number, message: string, transient: boolean): Record<string, unknown> {
  return { error: { message, type: "OAuthException", code, is_transient: transient, fbtrace_id: "AbenchTrace0000000000" } };
}
