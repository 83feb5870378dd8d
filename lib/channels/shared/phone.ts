/**
 * WhatsApp ids are E.164 digits without "+" (Meta's `wa_id`). YCloud sends "+E.164",
 * Twilio "whatsapp:+E.164"; everything is reduced to digits at the edge.
 */
export function toDigits(value: string): string {
  return value.replace(/^whatsapp:/i, "").replace(/\D/g, "");
}

export function toE164(value: string): string {
  return `+${toDigits(value)}`;
}

/** E.164 allows at most 15 digits; short codes and test numbers can be short. */
export function isPlausiblePhone(value: string): boolean {
  const digits = toDigits(value);
  return digits.length >= 5 && digits.length <= 15;
}
