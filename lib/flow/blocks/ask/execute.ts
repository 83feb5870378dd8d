import type { Executor } from "../types";
import { checkAnswer } from "./answer";
import { askDefaults, type AskSettings } from "./schema";

/**
 * Asks, then waits. A wrong answer gets the retry message until the retry limit is
 * used up; the next wrong answer takes the `invalid` output.
 */
export const executeAsk: Executor<AskSettings> = (ctx) => {
  const { settings, resume } = ctx;
  if (!resume) {
    return {
      effects: [{ type: "send", blockId: ctx.blockId, content: { type: "text", text: ctx.render(settings.question ?? "") } }],
      wait: { kind: "ask", attempts: 0 },
    };
  }
  if (resume.kind !== "message") return { wait: { kind: "ask", attempts: resume.waiting.attempts ?? 0 } };

  const answer = checkAnswer(settings, resume.message, ctx.contact);
  if (answer.ok) return { set: settings.variable ? { [settings.variable]: answer.value } : {}, next: "next" };

  const attempts = (resume.waiting.attempts ?? 0) + 1;
  if (attempts > (settings.maxRetries ?? askDefaults.maxRetries)) return { next: "invalid" };
  const validation = settings.validation ?? askDefaults.validation;
  const retry = ctx.render(settings.retryMessage?.trim() ? settings.retryMessage : askDefaults.retryMessages[validation]);
  return {
    effects: [{ type: "send", blockId: ctx.blockId, content: { type: "text", text: retry } }],
    wait: { kind: "ask", attempts },
  };
};
