import { Bot, Headset, Lock } from "lucide-react";

import { Badge } from "@/components/ui/badge";

import type { ConversationMode } from "./queries";

export function ModeBadge({ mode }: { mode: ConversationMode }) {
  switch (mode) {
    case "bot":
      return (
        <Badge variant="secondary" data-testid="mode-badge" data-mode="bot">
          <Bot aria-hidden />
          Bot
        </Badge>
      );
    case "human":
      return (
        <Badge variant="warning" data-testid="mode-badge" data-mode="human">
          <Headset aria-hidden />
          Agent
        </Badge>
      );
    case "closed":
      return (
        <Badge variant="muted" data-testid="mode-badge" data-mode="closed">
          <Lock aria-hidden />
          Closed
        </Badge>
      );
  }
}
