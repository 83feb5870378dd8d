import { Chips, Missing, Q, Summary, clip } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import { replyDefaults, replyKind, type ReplySettings } from "./schema";

/** “Reply: Hello! … [Price] [Support]”. */
export function ReplyNode({ settings }: BlockNodeProps<ReplySettings>) {
  const kind = replyKind(settings);
  const text = clip(settings.text, 90);
  const said = text ? <>{text}</> : <Missing>Write the message</Missing>;
  switch (kind) {
    case "text":
      return <Summary>{said}</Summary>;
    case "buttons":
      return (
        <div>
          <Summary className="line-clamp-2">{said}</Summary>
          <Chips items={(settings.buttons ?? []).map((b) => b.title)} />
        </div>
      );
    case "list": {
      const rows = (settings.list?.sections ?? []).flatMap((s) => s.rows);
      return (
        <div>
          <Summary className="line-clamp-2">{said}</Summary>
          <Chips items={[`☰ ${settings.list?.button || replyDefaults.listButton}`]} />
          <p className="mt-0.5 text-[11px] text-muted-foreground">
            {rows.length} {rows.length === 1 ? "row" : "rows"}: {clip(rows.map((r) => r.title).join(", "), 60)}
          </p>
        </div>
      );
    }
    case "media": {
      const media = settings.media;
      return (
        <Summary>
          <span className="capitalize">{media?.type ?? "image"}</span>
          {media?.url ? <>: {clip(media.caption || media.url, 70)}</> : <Missing> — add the link</Missing>}
        </Summary>
      );
    }
    case "template":
      return (
        <Summary>
          Template{" "}
          {settings.template?.name ? (
            <>
              <Q>{settings.template.name}</Q> ({settings.template.language || "?"})
            </>
          ) : (
            <Missing>— choose one</Missing>
          )}
        </Summary>
      );
  }
}
