import { Missing, Summary, clip } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import { apiCallDefaults, type ApiCallSettings } from "./schema";

/** “GET https://api.example.com/orders/{{order_id}} → saves 2 variables”. */
export function ApiCallNode({ settings }: BlockNodeProps<ApiCallSettings>) {
  const mappings = (settings.mappings ?? []).filter((m) => m.variable.trim());
  return (
    <div className="grid gap-0.5">
      <Summary className="line-clamp-2 font-mono text-[11px]">
        <strong>{settings.method ?? apiCallDefaults.method}</strong> {settings.url?.trim() ? clip(settings.url, 70) : <Missing>add the URL</Missing>}
      </Summary>
      {mappings.length ? (
        <p className="truncate text-[11px] text-muted-foreground">
          Saves {mappings.map((m) => m.variable).join(", ")}
        </p>
      ) : null}
    </div>
  );
}
