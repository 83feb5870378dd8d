import { singlePlaceholder } from "../../template";
import { parseNumber } from "../../text";
import type { Executor } from "../types";
import { setVariableDefaults, type SetVariableSettings } from "./schema";

export const executeSetVariable: Executor<SetVariableSettings> = (ctx) => {
  const { variable, value = setVariableDefaults.value } = ctx.settings;
  if (!variable) return { error: "This Set variable block has no variable to set." };
  switch (ctx.settings.operation ?? setVariableDefaults.operation) {
    case "clear":
      return { set: { [variable]: null }, next: "next" };
    case "increment": {
      // A missing or non-numeric current value counts as 0, so counters need no setup block.
      const current = parseNumber(String(ctx.get(variable) ?? ""));
      const by = value.trim() ? parseNumber(ctx.render(value)) : setVariableDefaults.incrementBy;
      if (!Number.isFinite(by)) return { error: `Cannot increase “${variable}” by “${ctx.render(value)}”: not a number.` };
      return { set: { [variable]: (Number.isFinite(current) ? current : 0) + by }, next: "next" };
    }
    case "set": {
      const path = singlePlaceholder(value);
      return { set: { [variable]: path ? (ctx.get(path) ?? null) : ctx.render(value) }, next: "next" };
    }
  }
};
