import type { ComponentType } from "react";

/** What a block's node.tsx renders: the readable summary inside the shared node shell. */
export type BlockNodeProps<S> = { settings: S };

/** What a block's panel.tsx renders: the settings form inside the inspector. */
export type BlockPanelProps<S> = {
  blockId: string;
  settings: S;
  /** Replaces the settings; keep them sparse (drop what the operator cleared). */
  onChange: (next: S) => void;
  readOnly: boolean;
};

export type BlockUi<S> = {
  Node: ComponentType<BlockNodeProps<S>>;
  Panel: ComponentType<BlockPanelProps<S>>;
  /** Settings a block starts with when dropped on the canvas (a usable first step, not a blank form). */
  initial: S;
};
