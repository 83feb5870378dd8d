import { createElement } from "react";
import {
  Blocks,
  CircleStop,
  CornerDownRight,
  Headset,
  MessageCircleQuestionMark,
  MessageSquareText,
  Split,
  Variable,
  Webhook,
  Zap,
  type LucideIcon,
} from "lucide-react";

import { blockDefinition, type BlockType } from "@/lib/flow";

/** The lucide icons the block catalogue names (meta.icon), imported one by one to keep the bundle small. */
const ICONS: Record<string, LucideIcon> = {
  CircleStop,
  CornerDownRight,
  Headset,
  MessageCircleQuestionMark,
  MessageSquareText,
  Split,
  Variable,
  Webhook,
  Zap,
};

/** The block's icon as an element (decorative). */
export function BlockIcon({ type, className }: { type: BlockType; className?: string }) {
  return createElement(ICONS[blockDefinition(type).icon] ?? Blocks, { "aria-hidden": true, className });
}

/** One accent per category, used for the node header and the palette. */
export const CATEGORY_STYLE = {
  trigger: { label: "Start", accent: "bg-amber-500/15 text-amber-700 dark:text-amber-300", bar: "bg-amber-500" },
  message: { label: "Messages", accent: "bg-emerald-500/15 text-emerald-700 dark:text-emerald-300", bar: "bg-emerald-500" },
  logic: { label: "Logic", accent: "bg-sky-500/15 text-sky-700 dark:text-sky-300", bar: "bg-sky-500" },
  integration: { label: "Integrations", accent: "bg-violet-500/15 text-violet-700 dark:text-violet-300", bar: "bg-violet-500" },
  action: { label: "Actions", accent: "bg-rose-500/15 text-rose-700 dark:text-rose-300", bar: "bg-rose-500" },
} as const;
