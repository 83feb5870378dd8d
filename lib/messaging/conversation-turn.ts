import { dbHandle } from "@/db";
import type { Tx } from "@/db/client";
import { KeyedQueue } from "./keyed-queue";
import { conversationKey, lockKey } from "./locks";
import { transactionWithDispatch } from "./outbound";

const g = globalThis as unknown as { __tickflowEventQueue?: KeyedQueue };

/** The per-conversation FIFO every stage of this process shares (inbound events, bot timers, API results). */
export function conversationQueue(): KeyedQueue {
  return (g.__tickflowEventQueue ??= new KeyedQueue());
}

/**
 * Runs `fn` as one turn of a conversation: after the turns queued before it in this
 * process, inside a transaction holding the conversation's lock (so other instances wait
 * too), with queued replies dispatched right after commit.
 */
export async function inConversationTurn<T>(channelId: string, waId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const handle = await dbHandle();
  const key = conversationKey(channelId, waId);
  return conversationQueue().run(key, () =>
    transactionWithDispatch(handle.db, async (tx) => {
      await lockKey(tx, handle.kind, key);
      return fn(tx);
    }),
  );
}
