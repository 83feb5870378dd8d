import { WA_LIMITS, type OutboundContent } from "@/lib/channels/content";
import type { ExecuteContext } from "../types";
import { replyDefaults, replyKind, type ReplySettings } from "./schema";

/**
 * Renders the reply for sending. Variables can make text longer than WhatsApp allows,
 * so rendered text is cut to the limit rather than failing the whole turn.
 */
export function buildReplyContent(ctx: Pick<ExecuteContext<ReplySettings>, "settings" | "render">): OutboundContent {
  const s = ctx.settings;
  const text = (template: string | undefined, max: number) => clip(ctx.render(template ?? ""), max);
  const optional = (template: string | undefined, max: number) => {
    const value = template === undefined ? "" : text(template, max);
    return value ? value : undefined;
  };
  switch (replyKind(s)) {
    case "text":
      return { type: "text", text: text(s.text, WA_LIMITS.textBody), ...(s.previewUrl ? { previewUrl: true } : {}) };
    case "media": {
      const media = s.media ?? { type: "image", url: "" };
      const caption = optional(media.caption, WA_LIMITS.caption);
      return {
        type: media.type,
        link: ctx.render(media.url).trim(),
        ...(caption ? { caption } : {}),
        ...(media.filename ? { filename: ctx.render(media.filename) } : {}),
      };
    }
    case "buttons":
      return withFrame(s, optional, {
        type: "buttons",
        body: text(s.text, WA_LIMITS.interactiveBody),
        buttons: (s.buttons ?? []).map((b) => ({ id: b.id, title: text(b.title, WA_LIMITS.buttonTitle) })),
      });
    case "list":
      return withFrame(s, optional, {
        type: "list",
        body: text(s.text, WA_LIMITS.interactiveBody),
        button: text(s.list?.button ?? replyDefaults.listButton, WA_LIMITS.listButton),
        sections: (s.list?.sections ?? []).map((section) => ({
          ...(section.title ? { title: text(section.title, WA_LIMITS.listSectionTitle) } : {}),
          rows: section.rows.map((r) => ({
            id: r.id,
            title: text(r.title, WA_LIMITS.listRowTitle),
            ...(r.description ? { description: text(r.description, WA_LIMITS.listRowDescription) } : {}),
          })),
        })),
      });
    case "template": {
      const t = s.template ?? { name: "", language: "" };
      const params = (list: string[] | undefined) => list?.map((p) => ({ type: "text" as const, text: ctx.render(p) }));
      const bodyParams = params(t.bodyParams);
      const headerParams = params(t.headerParams);
      return {
        type: "template",
        name: t.name,
        language: t.language,
        ...(bodyParams ? { bodyParams } : {}),
        ...(headerParams ? { headerParams } : {}),
      };
    }
  }
}

function withFrame<T extends OutboundContent & { type: "buttons" | "list" }>(
  s: ReplySettings,
  optional: (template: string | undefined, max: number) => string | undefined,
  content: T,
): T {
  const header = optional(s.header, WA_LIMITS.interactiveHeader);
  const footer = optional(s.footer, WA_LIMITS.interactiveFooter);
  return { ...content, ...(header ? { header } : {}), ...(footer ? { footer } : {}) };
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
