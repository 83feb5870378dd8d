"use client";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";

import type { EndSettings } from "./schema";

export function EndPanel(_props: BlockPanelProps<EndSettings>) {
  return (
    <p className="text-sm text-muted-foreground">
      Nothing to set up: the bot&apos;s session ends here, and the customer&apos;s next message starts a flow again from its
      trigger. A path that simply stops also ends the session; this block makes it explicit.
    </p>
  );
}
