import { matchChoice } from "@/lib/channels/choice-match";
import type { InboundMessage } from "@/lib/channels/types";
import type { FlowDocument } from "@/lib/flow";
import { replyChoices } from "@/lib/flow/blocks/reply/schema";
import type { InboundMessageInput, SessionState } from "@/lib/flow/types";

/**
 * The engine's view of a customer message. When the bot waits on buttons or a list and
 * the customer types "2" or a button's title instead of tapping (or the provider shows
 * choices as numbered text, like Twilio), the answer is mapped to that choice.
 */
export function engineMessage(event: InboundMessage, session: SessionState | null, doc: FlowDocument | null): InboundMessageInput {
  const input: InboundMessageInput = {
    type: event.type,
    text: event.text,
    interactiveId: event.interactive?.id,
    interactiveTitle: event.interactive?.title,
    referral: event.referral
      ? { sourceId: event.referral.sourceId, sourceType: event.referral.sourceType, sourceUrl: event.referral.sourceUrl, ctwaClid: event.referral.ctwaClid, headline: event.referral.headline, body: event.referral.body }
      : undefined,
    location: event.location ? { latitude: event.location.latitude, longitude: event.location.longitude, name: event.location.name, address: event.location.address } : undefined,
  };
  const waiting = session?.waitingFor;
  if (!input.interactiveId && input.text && waiting?.kind === "reply_choice" && doc) {
    const block = doc.blocks.find((b) => b.id === waiting.blockId);
    if (block?.type === "reply") {
      const choice = matchChoice(input.text, replyChoices(block.settings));
      if (choice) Object.assign(input, { interactiveId: choice.id, interactiveTitle: choice.title });
    }
  }
  return input;
}
