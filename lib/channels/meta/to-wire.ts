import type { OutboundRequest } from "../adapter";
import type { OutboundContent } from "../content";
import { compact } from "../shared/json";
import { toDigits } from "../shared/phone";

type TemplateContent = Extract<OutboundContent, { type: "template" }>;
type TemplateParam = NonNullable<TemplateContent["bodyParams"]>[number];

/**
 * The type-specific part of a Cloud API message: `{ type, [type]: … }`. Shared by Meta,
 * 360dialog, the sandbox and YCloud (which keeps Meta's content shapes).
 */
export function waContentObject(content: OutboundContent): Record<string, unknown> {
  switch (content.type) {
    case "text":
      return { type: "text", text: { body: content.text, preview_url: content.previewUrl ?? false } };
    case "image":
    case "video":
      return { type: content.type, [content.type]: compact({ link: content.link, caption: content.caption }) };
    case "document":
      return { type: "document", document: compact({ link: content.link, caption: content.caption, filename: content.filename }) };
    case "audio":
    case "sticker":
      // WhatsApp rejects captions on audio and stickers.
      return { type: content.type, [content.type]: { link: content.link } };
    case "buttons":
      return {
        type: "interactive",
        interactive: compact({
          type: "button",
          header: content.header ? { type: "text", text: content.header } : undefined,
          body: { text: content.body },
          footer: content.footer ? { text: content.footer } : undefined,
          action: { buttons: content.buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })) },
        }),
      };
    case "list":
      return {
        type: "interactive",
        interactive: compact({
          type: "list",
          header: content.header ? { type: "text", text: content.header } : undefined,
          body: { text: content.body },
          footer: content.footer ? { text: content.footer } : undefined,
          action: {
            button: content.button,
            sections: content.sections.map((s) =>
              compact({ title: s.title, rows: s.rows.map((r) => compact({ id: r.id, title: r.title, description: r.description })) }),
            ),
          },
        }),
      };
    case "template":
      return { type: "template", template: templateObject(content) };
    case "reaction":
      return { type: "reaction", reaction: { message_id: content.messageId, emoji: content.emoji } };
  }
}

function templateObject(content: TemplateContent): Record<string, unknown> {
  const components: Record<string, unknown>[] = [];
  if (content.headerParams?.length) components.push({ type: "header", parameters: content.headerParams.map(templateParameter) });
  if (content.bodyParams?.length) components.push({ type: "body", parameters: content.bodyParams.map(templateParameter) });
  content.buttonPayloads?.forEach((payload, index) => {
    components.push({ type: "button", sub_type: "quick_reply", index: String(index), parameters: [{ type: "payload", payload }] });
  });
  return compact({
    name: content.name,
    language: { code: content.language },
    components: components.length ? components : undefined,
  });
}

function templateParameter(param: TemplateParam): Record<string, unknown> {
  if (param.type === "payload") return { type: "payload", payload: param.payload };
  return compact({ type: "text", parameter_name: param.parameterName, text: param.text });
}

/** The full Cloud API send body (Meta, 360dialog, sandbox). */
export function toMetaMessage(request: OutboundRequest): Record<string, unknown> {
  const quotes = request.replyTo && request.content.type !== "reaction";
  return compact({
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: toDigits(request.to),
    ...waContentObject(request.content),
    context: quotes ? { message_id: request.replyTo } : undefined,
    biz_opaque_callback_data: request.callbackData,
  });
}

/** Read receipt for an inbound message (also marks earlier ones read). */
export function toMetaMarkRead(providerMessageId: string): Record<string, unknown> {
  return { messaging_product: "whatsapp", status: "read", message_id: providerMessageId };
}
