import { randomBytes } from "node:crypto";

export interface SentMessage {
  to: string;
  type: string;
  /** Text, or the body of an interactive message. */
  text: string;
  buttons: string[];
  rows: string[];
  callbackData?: string;
  wamid: string;
}

/** The parts of a Graph API send body the tests read. */
type WireBody = {
  to: string;
  type: string;
  status?: string;
  biz_opaque_callback_data?: string;
  text?: { body: string };
  interactive?: {
    body?: { text: string };
    action?: { buttons?: { reply: { title: string } }[]; sections?: { rows: { id: string }[] }[] };
  };
} & Record<string, unknown>;

/**
 * A fake Meta Graph API for the dispatcher's fetch port: answers like Meta and records
 * every message sent, so tests read what the customer would receive.
 */
export function graphFake(opts: { failFirst?: number } = {}) {
  const sent: SentMessage[] = [];
  let failures = opts.failFirst ?? 0;
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? "{}")) as WireBody;
    if (body.status === "read") return Response.json({ success: true });
    if (failures > 0) {
      failures--;
      return Response.json({ error: { message: "Service unavailable", code: 131016 } }, { status: 503 });
    }
    const wamid = `wamid.${randomBytes(12).toString("hex")}`;
    const interactive = body.interactive;
    sent.push({
      to: body.to,
      type: body.type,
      text: body.text?.body ?? interactive?.body?.text ?? (body[body.type] as { caption?: string } | undefined)?.caption ?? "",
      buttons: (interactive?.action?.buttons ?? []).map((b) => b.reply.title),
      rows: (interactive?.action?.sections ?? []).flatMap((s) => s.rows.map((r) => r.id)),
      callbackData: body.biz_opaque_callback_data,
      wamid,
    });
    return Response.json({ messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] });
  }) as typeof globalThis.fetch;
  return { fetch, sent, to: (waId: string) => sent.filter((m) => m.to === waId) };
}
