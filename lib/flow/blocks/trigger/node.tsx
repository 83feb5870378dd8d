import { Missing, QuotedList, Summary } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import { triggerDefaults, type TriggerSettings } from "./schema";

/** “When the message is “hi” or “hello””, “Any message”, … */
export function TriggerNode({ settings }: BlockNodeProps<TriggerSettings>) {
  const kind = settings.kind ?? triggerDefaults.kind;
  if (kind === "any_message") return <Summary>Any message starts this flow</Summary>;
  if (kind === "first_contact") return <Summary>A customer&apos;s very first message</Summary>;
  if (kind === "ad_referral") {
    const ids = (settings.adSourceIds ?? []).filter((id) => id.trim());
    return <Summary>{ids.length ? <>A click on ad <QuotedList values={ids} /></> : "A click on any click-to-WhatsApp ad"}</Summary>;
  }
  if (kind === "button_payload") {
    const payloads = (settings.payloads ?? []).filter((p) => p.trim());
    return (
      <Summary>
        {payloads.length ? <>A tap on a button with payload <QuotedList values={payloads} /></> : <Missing>Add the button payloads that start this flow</Missing>}
      </Summary>
    );
  }
  const keywords = (settings.keywords ?? []).filter((k) => k.trim());
  if (keywords.length === 0) return <Summary><Missing>Add keywords that start this flow</Missing></Summary>;
  const match = settings.match ?? triggerDefaults.match;
  const verb = match === "exact" ? "is" : match === "contains" ? "contains" : "matches";
  return (
    <Summary>
      When the message {verb} <QuotedList values={keywords} />
    </Summary>
  );
}
