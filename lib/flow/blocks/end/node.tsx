import { Summary } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import type { EndSettings } from "./schema";

export function EndNode(_props: BlockNodeProps<EndSettings>) {
  return <Summary>Ends the conversation with the bot.</Summary>;
}
