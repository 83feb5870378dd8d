import type { Executor } from "../types";
import { firstMatchingGroup } from "./evaluate";
import type { ConditionSettings } from "./schema";

export const executeCondition: Executor<ConditionSettings> = (ctx) => {
  const group = firstMatchingGroup(ctx.settings.groups ?? [], ctx);
  return { next: group ? group.id : "else" };
};
