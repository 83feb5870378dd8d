import type { BlockType, SettingsOf } from "@/lib/flow";
import { ApiCallNode } from "@/lib/flow/blocks/api-call/node";
import { ApiCallPanel } from "@/lib/flow/blocks/api-call/panel";
import { AskNode } from "@/lib/flow/blocks/ask/node";
import { AskPanel } from "@/lib/flow/blocks/ask/panel";
import { ConditionNode } from "@/lib/flow/blocks/condition/node";
import { ConditionPanel, newRule } from "@/lib/flow/blocks/condition/panel";
import { EndNode } from "@/lib/flow/blocks/end/node";
import { EndPanel } from "@/lib/flow/blocks/end/panel";
import { GoToFlowNode } from "@/lib/flow/blocks/go-to-flow/node";
import { GoToFlowPanel } from "@/lib/flow/blocks/go-to-flow/panel";
import { HandoffNode } from "@/lib/flow/blocks/handoff/node";
import { HandoffPanel } from "@/lib/flow/blocks/handoff/panel";
import { ReplyNode } from "@/lib/flow/blocks/reply/node";
import { ReplyPanel } from "@/lib/flow/blocks/reply/panel";
import { SetVariableNode } from "@/lib/flow/blocks/set-variable/node";
import { SetVariablePanel } from "@/lib/flow/blocks/set-variable/panel";
import { TriggerNode } from "@/lib/flow/blocks/trigger/node";
import { TriggerPanel } from "@/lib/flow/blocks/trigger/panel";

import type { BlockUi } from "./block-ui-types";

/**
 * The browser-side half of the block catalogue: each block's canvas summary (node.tsx)
 * and inspector form (panel.tsx) from its own folder. Keyed by every BlockType, so a
 * block without UI fails to compile. (The server-side executors live in their own registry.)
 */
export const blockUi: { [T in BlockType]: BlockUi<SettingsOf<T>> } = {
  trigger: { Node: TriggerNode, Panel: TriggerPanel, initial: { kind: "keyword", keywords: [""] } },
  condition: {
    Node: ConditionNode,
    Panel: ConditionPanel,
    initial: { groups: [{ id: "group_1", rules: [newRule()] }] },
  },
  api_call: { Node: ApiCallNode, Panel: ApiCallPanel, initial: {} },
  reply: { Node: ReplyNode, Panel: ReplyPanel, initial: {} },
  ask: { Node: AskNode, Panel: AskPanel, initial: {} },
  set_variable: { Node: SetVariableNode, Panel: SetVariablePanel, initial: {} },
  handoff: { Node: HandoffNode, Panel: HandoffPanel, initial: {} },
  go_to_flow: { Node: GoToFlowNode, Panel: GoToFlowPanel, initial: {} },
  end: { Node: EndNode, Panel: EndPanel, initial: {} },
};

/** The entry for a type when the type is only known at run time (one cast, here). */
export function blockUiOf(type: BlockType): BlockUi<SettingsOf<BlockType>> {
  return blockUi[type] as unknown as BlockUi<SettingsOf<BlockType>>;
}
