import type { OutboundRequest } from "../adapter";
import type { OutboundContent } from "../content";
import { SendError } from "../errors";
import { toE164 } from "../shared/phone";

type Buttons = Extract<OutboundContent, { type: "buttons" }>;
type List = Extract<OutboundContent, { type: "list" }>;
type Template = Extract<OutboundContent, { type: "template" }>;

/**
 * The Messages API form for one message. Reply buttons and lists exist on Twilio only
 * as Content API templates (a ContentSid created beforehand, per distinct set of
 * options); a bot's options change per node and per variable, so they are rendered as
 * numbered text instead and answers are matched with `matchChoice` ("2" or the title).
 */
export function toTwilioForm(config: { phoneNumber: string; publicWebhookUrl?: string }, request: OutboundRequest): URLSearchParams {
  const form = new URLSearchParams();
  form.set("From", `whatsapp:${toE164(config.phoneNumber)}`);
  form.set("To", `whatsapp:${toE164(request.to)}`);
  // Status callbacks then reach us even when the sender has none configured in the console.
  if (config.publicWebhookUrl) form.set("StatusCallback", config.publicWebhookUrl);

  const content = request.content;
  switch (content.type) {
    case "text":
      form.set("Body", content.text);
      break;
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      // Twilio shows Body as the caption; documents cannot carry a filename.
      if (content.caption) form.set("Body", content.caption);
      form.append("MediaUrl", content.link);
      break;
    case "buttons":
      form.set("Body", renderButtons(content));
      break;
    case "list":
      form.set("Body", renderList(content));
      break;
    case "template":
      setTemplate(form, content);
      break;
    case "reaction":
      throw new SendError({ code: "unsupported_content", title: "Reactions are not supported on Twilio", retryable: false });
  }
  return form;
}

export function renderButtons(content: Buttons): string {
  const options = content.buttons.map((b, i) => `${i + 1}. ${b.title}`);
  return frame(content.header, content.body, options.join("\n"), content.footer);
}

export function renderList(content: List): string {
  let n = 0;
  const sections = content.sections.map((section) => {
    const rows = section.rows.map((row) => `${++n}. ${row.title}${row.description ? ` — ${row.description}` : ""}`);
    return [section.title ? `*${section.title}*` : undefined, ...rows].filter(Boolean).join("\n");
  });
  return frame(content.header, content.body, sections.join("\n\n"), content.footer);
}

function frame(header: string | undefined, body: string, options: string, footer: string | undefined): string {
  return [header ? `*${header}*` : undefined, body, options, footer ? `_${footer}_` : undefined].filter(Boolean).join("\n\n");
}

/**
 * Templates only through the Content API (a template text in Body fails with 63016
 * outside the 24-hour window). Twilio numbers variables across the whole content, so
 * header parameters come first, then the body's; named parameters keep their name.
 */
function setTemplate(form: URLSearchParams, content: Template): void {
  if (!content.contentSid) {
    throw new SendError({ code: "template_requires_content_sid", title: "Template needs a Content SID", retryable: false, details: `template ${content.name}` });
  }
  form.set("ContentSid", content.contentSid);
  const variables: Record<string, string> = {};
  let index = 0;
  for (const param of [...(content.headerParams ?? []), ...(content.bodyParams ?? [])]) {
    index += 1;
    if (param.type === "text") variables[param.parameterName ?? String(index)] = param.text;
  }
  if (Object.keys(variables).length) form.set("ContentVariables", JSON.stringify(variables));
}
