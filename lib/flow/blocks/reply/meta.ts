import type { BlockOutput } from "../types";
import { defineBlock } from "../types";
import { checkReplySettings } from "./check";
import { replyChoices, replyDefaults, replySettings, replyWaits, type ReplySettings } from "./schema";

function replyOutputs(settings: ReplySettings): BlockOutput[] {
  if (!replyWaits(settings)) return [{ id: "next", label: "Next" }];
  return [
    ...replyChoices(settings).map((c) => ({ id: c.id, label: c.title, required: true })),
    { id: "no_match", label: "No match" },
    ...(settings.noReplyAfterMinutes ? [{ id: "timeout", label: `No reply after ${settings.noReplyAfterMinutes} min` }] : []),
  ];
}

export const replyBlock = defineBlock({
  label: "Reply",
  description: "Send text, media, a template, or buttons / a list that wait for the customer's choice.",
  icon: "MessageSquareText",
  category: "message",
  settings: replySettings,
  defaults: replyDefaults,
  outputs: replyOutputs,
  check: checkReplySettings,
});
