import { Missing, Summary, clip } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import { askDefaults, type AskSettings } from "./schema";

const CHECKS: Record<string, string> = {
  text: "any text",
  number: "a number",
  email: "an email",
  phone: "a phone number",
  regex: "a pattern",
  choice: "one of the choices",
};

/** “Asks: What's your email? → {{email}} (an email)”. */
export function AskNode({ settings }: BlockNodeProps<AskSettings>) {
  const validation = settings.validation ?? askDefaults.validation;
  return (
    <div className="grid gap-0.5">
      <Summary className="line-clamp-2">{settings.question?.trim() ? clip(settings.question, 90) : <Missing>Write the question</Missing>}</Summary>
      <p className="text-[11px] text-muted-foreground">
        Saves {CHECKS[validation]} in{" "}
        {settings.variable ? <code className="font-mono text-foreground">{`{{${settings.variable}}}`}</code> : <Missing>a variable</Missing>}
      </p>
    </div>
  );
}
