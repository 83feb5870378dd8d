import { Summary, clip } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import type { HandoffSettings } from "./schema";

export function HandoffNode({ settings }: BlockNodeProps<HandoffSettings>) {
  return (
    <Summary>
      Pauses the bot; an agent takes over.
      {settings.note?.trim() ? <span className="block text-muted-foreground">Note: {clip(settings.note, 70)}</span> : null}
    </Summary>
  );
}
