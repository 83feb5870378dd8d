import type { Tx } from "@/db/client";
import { activeSession, activeSessions, setContactOptOut, type SessionRow } from "@/db/queries/sessions";
import { matchTrigger } from "@/lib/flow/engine";
import type { SessionState } from "@/lib/flow/types";
import type { BotContext, BotRunner } from "@/lib/messaging/bot";
import { onCommit } from "@/lib/messaging/outbound";
import { yieldToIo } from "@/lib/messaging/yield";
import { channelFlows, loadPublished, loadVersion, type LoadedFlow } from "./flow-cache";
import { engineMessage } from "./inbound-input";
import { runDueJobsSoon } from "./jobs";
import { globalKeyword, OPT_IN_REPLY, OPT_OUT_REPLY } from "./keywords";
import { turnContext } from "./context";
import { runTurn, type TurnOutcome } from "./turn";
import { BufferedWrites, directWrites, type TurnWrites } from "./writes";

/**
 * The logic stage: a customer message either continues the conversation's active session
 * (pinned to the flow version it started on) or starts the first of the channel's
 * published flows whose trigger matches, else the channel's fallback flow. Called by the
 * messaging pipeline inside the message's transaction, under the conversation's lock,
 * only while the conversation is in bot mode.
 */
export const flowBotRunner: BotRunner = {
  async onInboundMessage(tx, ctx) {
    await handleMessage(tx, ctx, await activeSession(tx, ctx.conversation.id), directWrites(tx));
  },

  async prepareInboundBatch(tx, conversationIds) {
    const sessions = await activeSessions(tx, conversationIds);
    return async (ctxs) => {
      const writes = new BufferedWrites();
      for (const [n, ctx] of ctxs.entries()) {
        // Let waiting webhooks be answered between turns: a batch's turns are synchronous
        // work, and the 200 is what the provider waits on.
        if (n > 0 && n % 4 === 0) await yieldToIo();
        await handleMessage(tx, ctx, sessions.get(ctx.conversation.id) ?? null, writes);
      }
      return writes;
    };
  },
};

async function handleMessage(tx: Tx, ctx: BotContext, activeSessionRow: SessionRow | null, writes: TurnWrites): Promise<void> {
  const keyword = globalKeyword(ctx.event.text, ctx.channel.settings);
  if (ctx.contact.optedOut) {
    if (keyword === "opt_in") {
      await setContactOptOut(tx, ctx.contact.id, false);
      await ctx.reply({ type: "text", text: OPT_IN_REPLY });
    }
    return;
  }
  let session = activeSessionRow;
  if (keyword === "opt_out" || keyword === "restart") {
    await writes.cancelTimers(ctx.conversation.id);
    if (session) await writes.updateSession(session.id, { status: "ended", endReason: keyword, endedAt: new Date() });
    session = null;
    if (keyword === "opt_out") {
      await setContactOptOut(tx, ctx.contact.id, true);
      await ctx.reply({ type: "text", text: OPT_OUT_REPLY });
      return;
    }
  }
  const turn = turnContext(
    tx,
    { channelId: ctx.channel.id, conversationId: ctx.conversation.id, contact: ctx.contact, isFirstContact: ctx.isFirstContact },
    { reply: (content, extras) => ctx.reply(content, extras), requestHuman: (note) => ctx.requestHuman(note), note: (text) => ctx.note(text), writes },
  );

  let outcome: TurnOutcome | null = null;
  const pinned = session ? await loadVersion(tx, session.flowId, session.flowVersion) : null;
  if (session && pinned) {
    const state = session.state as unknown as SessionState;
    outcome = await runTurn(turn, pinned, session, { type: "message", message: engineMessage(ctx.event, state, pinned.doc) });
  } else {
    if (session) await writes.updateSession(session.id, { status: "error", endReason: "flow version missing", endedAt: new Date() });
    const start = await startingFlow(tx, ctx);
    if (start) outcome = await runTurn(turn, start.flow, null, start.viaFallback ? { type: "start", message: start.message } : { type: "message", message: start.message });
  }
  if (outcome?.httpJobs.length) onCommit(tx, () => runDueJobsSoon());
}

async function startingFlow(tx: Tx, ctx: BotContext) {
  const message = engineMessage(ctx.event, null, null);
  const fallbacks: LoadedFlow[] = [];
  for (const f of await channelFlows(tx, ctx.channel.id)) {
    const flow = await loadVersion(tx, f.id, f.version);
    if (!flow) continue;
    if (f.isFallback) fallbacks.push(flow);
    else if (matchTrigger(flow.doc, message, { isFirstContact: ctx.isFirstContact })) return { flow, message, viaFallback: false };
  }
  const configured = ctx.channel.settings.fallbackFlowId ? await loadPublished(tx, ctx.channel.settings.fallbackFlowId) : null;
  const fallback = configured ?? fallbacks[0];
  return fallback ? { flow: fallback, message, viaFallback: true } : null;
}
