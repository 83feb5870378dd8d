import type { Executor } from "../types";
import type { HandoffSettings } from "./schema";

/** The session ends here: after an agent hands back, the next message starts afresh. */
export const executeHandoff: Executor<HandoffSettings> = (ctx) => {
  const note = ctx.settings.note ? ctx.render(ctx.settings.note).trim() : "";
  return { stop: note ? { kind: "handoff", note } : { kind: "handoff" } };
};
