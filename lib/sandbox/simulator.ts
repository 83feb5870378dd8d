import { z } from "zod";
import type { Database } from "@/db/client";
import { insertSandboxMessage, listSandboxMessages, unreadSandboxMessages } from "@/db/queries/sandbox";
import { ApiError } from "@/lib/api/errors";
import { afterResponse } from "@/lib/messaging/background";
import { isPlausiblePhone, toDigits } from "@/lib/channels/shared/phone";
import { requireSandbox, sandboxNumber } from "./channel";
import { webhookDelivery } from "./deliver";
import { getFaults, type SandboxFaults } from "./faults";
import { deliverStatuses } from "./statuses";
import { metaEnvelope, metaJson, metaSignature, newWamid, unixSeconds } from "./wire";

const waIdField = z
  .string()
  .trim()
  .refine(isPlausiblePhone, "A phone number in international format, e.g. 919959623255")
  .transform(toDigits);

export const phoneMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(4096) }),
  z.object({ type: z.literal("button_reply"), id: z.string().min(1).max(256), title: z.string().min(1).max(20) }),
  z.object({ type: z.literal("list_reply"), id: z.string().min(1).max(200), title: z.string().min(1).max(24), description: z.string().max(72).optional() }),
  z.object({
    type: z.literal("location"),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(200).optional(),
    address: z.string().max(500).optional(),
  }),
  z.object({ type: z.literal("image"), link: z.url(), caption: z.string().max(1024).optional() }),
]);
export type PhoneMessage = z.infer<typeof phoneMessageSchema>;

export const simulatorSendSchema = z.object({
  from: z.object({ waId: waIdField, name: z.string().trim().min(1).max(100).default("Sandbox customer") }),
  message: phoneMessageSchema,
  /** The wamid of the bot message being answered (button and list taps quote it, like WhatsApp). */
  replyTo: z.string().optional(),
});

export const simulatorReadSchema = z.object({ waId: waIdField });

export async function simulatorState(db: Database): Promise<{ channel: { id: string; name: string; phoneNumberId: string; displayPhoneNumber: string }; faults: SandboxFaults }> {
  const sandbox = await requireSandbox(db);
  return { channel: { id: sandbox.id, name: sandbox.name, ...sandboxNumber(sandbox) }, faults: await getFaults(db) };
}

/** The Cloud API message object a phone produces for each simulator action. */
function wireMessage(message: PhoneMessage): { type: string; body: Record<string, unknown>; text: string | null } {
  switch (message.type) {
    case "text":
      return { type: "text", body: { text: { body: message.text } }, text: message.text };
    case "button_reply":
      return { type: "interactive", body: { interactive: { type: "button_reply", button_reply: { id: message.id, title: message.title } } }, text: message.title };
    case "list_reply": {
      const reply = { id: message.id, title: message.title, ...(message.description ? { description: message.description } : {}) };
      return { type: "interactive", body: { interactive: { type: "list_reply", list_reply: reply } }, text: message.title };
    }
    case "location": {
      const { type: _t, ...location } = message;
      return { type: "location", body: { location }, text: message.name ?? `📍 ${message.latitude}, ${message.longitude}` };
    }
    case "image":
      return {
        type: "image",
        body: { image: { id: String(Date.now()), url: message.link, mime_type: "image/jpeg", ...(message.caption ? { caption: message.caption } : {}) } },
        text: message.caption ?? null,
      };
  }
}

/**
 * The simulated phone sends a message: a Meta-format inbound webhook (ASCII-escaped like
 * Meta's, signed with the sandbox app secret) goes through the real intake.
 */
export async function sendFromPhone(db: Database, input: z.infer<typeof simulatorSendSchema>): Promise<{ wamid: string }> {
  const sandbox = await requireSandbox(db);
  const wamid = newWamid();
  const wire = wireMessage(input.message);
  const messageObject = {
    ...(input.replyTo ? { context: { from: sandboxNumber(sandbox).displayPhoneNumber, id: input.replyTo } } : {}),
    from: input.from.waId,
    id: wamid,
    timestamp: unixSeconds(),
    type: wire.type,
    ...wire.body,
  };
  const payload = metaEnvelope(sandboxNumber(sandbox), {
    contacts: [{ profile: { name: input.from.name }, wa_id: input.from.waId }],
    messages: [messageObject],
  });
  await insertSandboxMessage(db, {
    channelId: sandbox.id,
    waId: input.from.waId,
    direction: "in",
    wamid,
    type: input.message.type,
    text: wire.text,
    content: messageObject,
    status: "sent",
  });
  const rawBody = metaJson(payload);
  const status = await webhookDelivery()(rawBody, metaSignature(rawBody, sandbox.config.appSecret));
  if (status !== 200) throw new ApiError(502, "webhook_refused", `The app's webhook answered ${status} to the simulated message.`);
  return { wamid };
}

export interface PhoneItem {
  id: string;
  wamid: string;
  direction: "in" | "out";
  type: string;
  content: Record<string, unknown>;
  text: string | null;
  /** For the bot's messages: what the phone has reported (accepted until `sent` is posted). */
  status: string;
  error: { code: string; title: string } | null;
  createdAt: Date;
}

export async function phoneMessages(db: Database, waId: string): Promise<{ items: PhoneItem[] }> {
  const sandbox = await requireSandbox(db);
  const rows = await listSandboxMessages(db, sandbox.id, waId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      wamid: r.wamid,
      direction: r.direction,
      type: r.type,
      content: r.content,
      text: r.text,
      status: r.status,
      error: r.error ?? null,
      createdAt: r.createdAt,
    })),
  };
}

/** The phone opens the chat: every unread bot message turns read and `read` statuses are posted. */
export async function readOnPhone(db: Database, waId: string): Promise<{ read: number }> {
  const sandbox = await requireSandbox(db);
  const rows = await unreadSandboxMessages(db, sandbox.id, waId);
  // After the answer, like the phone: the fault switches' delay must not hold the request.
  if (rows.length > 0) afterResponse("sandbox read receipts", () => deliverStatuses(db, sandbox, rows, "read"));
  return { read: rows.length };
}
