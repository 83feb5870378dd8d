import type { OutboundRequest } from "../adapter";
import { waContentObject } from "../meta/to-wire";
import { compact } from "../shared/json";
import { toE164 } from "../shared/phone";

/** Meta's content shapes without `messaging_product`, plus `from`/`to` in E.164 and `externalId` for correlation. */
export function toYCloudMessage(businessNumber: string, request: OutboundRequest): Record<string, unknown> {
  const quotes = request.replyTo && request.content.type !== "reaction";
  return compact({
    from: toE164(businessNumber),
    to: toE164(request.to),
    ...waContentObject(request.content),
    context: quotes ? { message_id: request.replyTo } : undefined,
    externalId: request.callbackData,
  });
}
