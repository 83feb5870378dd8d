import type { Tx } from "@/db/client";
import type { ContactRow } from "@/db/queries/messages";
import { requestHuman } from "@/lib/messaging/conversations";
import { enqueueOutbound, noteRow, storeMessages } from "@/lib/messaging/outbound";
import type { TurnContext } from "./turn";
import { directWrites } from "./writes";

/**
 * Builds the turn context for a conversation inside its transaction. By default every
 * effect is written at once; a batch of turns passes its buffered replies, notes,
 * handoffs and writes instead.
 */
export function turnContext(
  tx: Tx,
  c: { channelId: string; conversationId: string; contact: ContactRow; isFirstContact: boolean },
  overrides: Partial<Pick<TurnContext, "reply" | "requestHuman" | "note" | "writes">> = {},
): TurnContext {
  return {
    tx,
    ...c,
    writes: overrides.writes ?? directWrites(tx),
    reply:
      overrides.reply ??
      (async (content, extras) => {
        await enqueueOutbound(tx, { conversationId: c.conversationId, channelId: c.channelId, content, senderKind: "bot", ...extras });
      }),
    requestHuman: overrides.requestHuman ?? ((note) => requestHuman(tx, c.conversationId, note)),
    note:
      overrides.note ??
      (async (text) => {
        await storeMessages(tx, [noteRow(c, text)]);
      }),
  };
}
