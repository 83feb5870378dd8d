import { normalizeAnswer } from "../../text";
import type { InboundMessageInput } from "../../types";

type Choice = { id: string; title: string };

/**
 * Which option an answer picks: the tapped id first, then the typed text against the
 * titles — people often type "Yes" instead of tapping the button.
 */
export function matchChoice(choices: Choice[], message: InboundMessageInput): Choice | null {
  if (message.interactiveId !== undefined) {
    const byId = choices.find((c) => c.id === message.interactiveId);
    if (byId) return byId;
  }
  const typed = message.text ?? message.interactiveTitle;
  if (!typed) return null;
  const answer = normalizeAnswer(typed);
  return choices.find((c) => normalizeAnswer(c.title) === answer) ?? null;
}
