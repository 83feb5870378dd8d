import { outboundContentSchema, type OutboundContent } from "../content";
import { SendError } from "../errors";

/** Re-checks WhatsApp's limits before calling out: a bad message fails fast and is never retried. */
export function validContent(content: OutboundContent): OutboundContent {
  const result = outboundContentSchema.safeParse(content);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new SendError({
    code: "invalid_content",
    title: "Invalid message",
    retryable: false,
    details: issue ? `${issue.path.join(".") || "content"}: ${issue.message}` : undefined,
  });
}
