import type { Database } from "@/db/client";
import { insertSandboxMessage, type SandboxMessageRow } from "@/db/queries/sandbox";
import { asObject, asText, tryParseJson } from "@/lib/channels/shared/json";
import { toDigits } from "@/lib/channels/shared/phone";
import { safeEqual } from "@/lib/channels/shared/signature";
import { childLog } from "@/lib/log";
import { findSandbox, type SandboxChannel } from "./channel";
import { deliverStatuses } from "./statuses";
import { newWamid } from "./wire";

const log = childLog("sandbox");

export interface GraphAnswer {
  status: number;
  body: unknown;
  /** Work to run after the answer (the status webhooks). */
  after?: () => Promise<void>;
}

const graphError = (status: number, code: number, message: string, type = "OAuthException"): GraphAnswer => ({
  status,
  body: { error: { message, type, code, fbtrace_id: "sandbox" } },
});

const SENDABLE = new Set(["text", "image", "video", "audio", "document", "sticker", "interactive", "template", "reaction", "location", "contacts"]);

/** What the simulated phone shows for a message the bot sent. */
function phoneText(body: Record<string, unknown>, type: string): string | null {
  const part = asObject(body[type]);
  switch (type) {
    case "text":
      return asText(part?.body) ?? null;
    case "interactive":
      return asText(asObject(part?.body)?.text) ?? null;
    case "template":
      return `template ${asText(part?.name) ?? ""}`.trim();
    case "reaction":
      return asText(part?.emoji) ?? null;
    default:
      return asText(part?.caption) ?? null;
  }
}

/**
 * The mock Graph API: `POST /{version}/{phoneNumberId}/messages`, authenticated by the
 * sandbox channel's access token, answering exactly like Meta. A message is stored for
 * the simulated phone; its status webhooks follow after the answer (as Meta's do).
 */
export async function handleGraphPost(db: Database, input: { path: string[]; authorization: string | null; rawBody: string }): Promise<GraphAnswer> {
  const [version, phoneNumberId, edge, ...rest] = input.path;
  if (!version || !phoneNumberId || edge !== "messages" || rest.length > 0) {
    return graphError(404, 100, "Unsupported post request. The sandbox Graph API serves /{version}/{phone-number-id}/messages only.", "GraphMethodException");
  }
  const channel = await findSandbox(db, phoneNumberId);
  if (!channel) return graphError(404, 100, `Unknown phone number id ${phoneNumberId}`, "GraphMethodException");
  const token = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? "")?.[1];
  if (!token || !safeEqual(token, channel.config.accessToken)) return graphError(401, 190, "Invalid OAuth access token - Cannot parse access token");

  const parsed = tryParseJson(input.rawBody);
  const body = parsed.ok ? asObject(parsed.value) : undefined;
  if (!body) return graphError(400, 100, "Invalid parameter: the body is not a JSON object");
  if (body.messaging_product !== "whatsapp") return graphError(400, 100, "Invalid parameter: messaging_product must be whatsapp");

  // Read receipt for a customer message.
  if (body.status === "read") return { status: 200, body: { success: true } };

  const to = toDigits(asText(body.to) ?? "");
  const type = asText(body.type) ?? "text";
  if (!to) return graphError(400, 131008, "Required parameter is missing: to");
  if (!SENDABLE.has(type) || !asObject(body[type])) return graphError(400, 131008, `Required parameter is missing: ${type}`);

  const row = await insertSandboxMessage(db, {
    channelId: channel.id,
    waId: to,
    direction: "out",
    wamid: newWamid(),
    type,
    text: phoneText(body, type),
    content: body,
    status: "accepted",
    callbackData: asText(body.biz_opaque_callback_data) ?? null,
  });
  return {
    status: 200,
    body: { messaging_product: "whatsapp", contacts: [{ input: asText(body.to), wa_id: to }], messages: [{ id: row.wamid, message_status: "accepted" }] },
    after: () => afterSend(db, channel, row),
  };
}

/** sent, then delivered — or what the fault switches say. */
async function afterSend(db: Database, channel: SandboxChannel, row: SandboxMessageRow): Promise<void> {
  try {
    await deliverStatuses(db, channel, [row], "send");
  } catch (err) {
    log.error({ err, wamid: row.wamid }, "sandbox status webhooks failed");
  }
}


