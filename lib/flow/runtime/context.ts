import type { Tx } from "@/db/client";
import type { ContactRow } from "@/db/queries/messages";
import { insertMessages } from "@/db/queries/messages";
import type { OutboundContent } from "@/lib/channels/content";
import { requestHuman } from "@/lib/messaging/conversations";
import { enqueueOutbound, type OutboundExtras } from "@/lib/messaging/outbound";
import type { TurnContext } from "./turn";

/** Builds the turn context for a conversation inside its transaction. */
export function turnContext(
  tx: Tx,
  c: { channelId: string; conversationId: string; contact: ContactRow; isFirstContact: boolean },
  reply?: (content: OutboundContent, extras: OutboundExtras) => ReturnType<TurnContext["reply"]>,
): TurnContext {
  return {
    tx,
    ...c,
    reply:
      reply ??
      (async (content, extras) => {
        const [row] = await enqueueOutbound(tx, { conversationId: c.conversationId, channelId: c.channelId, content, senderKind: "bot", ...extras });
        return row!;
      }),
    requestHuman: () => requestHuman(tx, c.conversationId),
    note: async (text) => {
      await insertMessages(tx, [
        { conversationId: c.conversationId, channelId: c.channelId, direction: "in", senderKind: "system", type: "note", text, content: { note: text }, status: "received" },
      ]);
    },
  };
}
