import type { Database } from "@/db/client";
import { advanceSandboxStatus, type SandboxMessageRow } from "@/db/queries/sandbox";
import { childLog } from "@/lib/log";
import { sandboxNumber, type SandboxChannel } from "./channel";
import { webhookDelivery } from "./deliver";
import { getFaults } from "./faults";
import { metaEnvelope, metaJson, metaSignature, statusObject, unixSeconds, type WireStatus } from "./wire";

const log = childLog("sandbox");

const UNDELIVERABLE = { code: 131026, title: "Message undeliverable" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Posts the status webhooks the phone would cause, signed with the sandbox app secret:
 * after a send `sent` then `delivered` (or `failed` 131026, or nothing for delivered,
 * or in reverse order, or each twice, or late — per the fault switches); after the
 * phone opens the chat, `read` for every unread message in one webhook.
 */
export async function deliverStatuses(db: Database, channel: SandboxChannel, rows: SandboxMessageRow[], moment: "send" | "read"): Promise<void> {
  if (rows.length === 0) return;
  const faults = await getFaults(db);
  const now = new Date();
  const batches: WireStatus[][] = [];
  if (moment === "read") {
    batches.push(rows.map((r) => ({ wamid: r.wamid, status: "read", timestamp: unixSeconds(now), recipient: r.waId, callbackData: r.callbackData })));
  } else {
    for (const r of rows) {
      const sent: WireStatus = { wamid: r.wamid, status: "sent", timestamp: unixSeconds(now), recipient: r.waId, callbackData: r.callbackData };
      const second: WireStatus | null = faults.fail131026
        ? { ...sent, status: "failed", error: UNDELIVERABLE }
        : faults.dropDelivered
          ? null
          : { ...sent, status: "delivered" };
      const order = second ? (faults.reorder ? [second, sent] : [sent, second]) : [sent];
      for (const s of order) batches.push([s]);
    }
  }

  const deliver = webhookDelivery();
  for (const batch of batches) {
    if (faults.delayMs > 0) await sleep(faults.delayMs);
    const rawBody = metaJson(metaEnvelope(sandboxNumber(channel), { statuses: batch.map(statusObject) }));
    const signature = metaSignature(rawBody, channel.config.appSecret);
    for (let i = 0; i < (faults.duplicate ? 2 : 1); i++) {
      const status = await deliver(rawBody, signature);
      if (status !== 200) log.warn({ status }, "sandbox status webhook was not accepted");
    }
    for (const s of batch) {
      const row = rows.find((r) => r.wamid === s.wamid);
      if (row) await advanceSandboxStatus(db, row.id, s.status, s.error ? { code: String(s.error.code), title: s.error.title } : undefined);
    }
  }
}
