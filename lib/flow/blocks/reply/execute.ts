import type { ExecuteResult, Executor } from "../types";
import { matchChoice } from "./choices";
import { buildReplyContent } from "./content";
import { replyChoices, replyWaits, type ReplySettings } from "./schema";

/**
 * Sends the reply. Buttons and lists wait: the tapped (or typed) option becomes the
 * output, free text goes to `no match` — or, when that output is not connected, the
 * options are sent again so the customer is not left without an answer.
 */
export const executeReply: Executor<ReplySettings> = (ctx) => {
  const { settings, resume } = ctx;
  const send = (): ExecuteResult["effects"] => [{ type: "send", blockId: ctx.blockId, content: buildReplyContent(ctx) }];
  const wait = { kind: "reply_choice" as const, noReplyAfterMinutes: settings.noReplyAfterMinutes };

  if (!resume) return replyWaits(settings) ? { effects: send(), wait } : { effects: send(), next: "next" };
  if (resume.kind === "timer") return { next: "timeout" };
  if (resume.kind !== "message") return { wait };

  const choice = matchChoice(replyChoices(settings), resume.message);
  if (choice) return { next: choice.id, ...(settings.saveChoiceAs ? { set: { [settings.saveChoiceAs]: choice.title } } : {}) };
  if (ctx.isConnected("no_match")) return { next: "no_match" };
  return { effects: send(), wait };
};
