import { outboundContentSchema, type OutboundContent } from "@/lib/channels/content";

const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const obj = (value: unknown) => (value && typeof value === "object" ? (value as Record<string, unknown>) : undefined);

/**
 * The OutboundContent a bot or agent message carried, or null when it is not one (then
 * show its text). The sandbox phone stores the Cloud API request body it received, so
 * that shape is read too.
 */
export function readOutbound(content: unknown): OutboundContent | null {
  const result = outboundContentSchema.safeParse(content);
  if (result.success) return result.data;
  const wire = fromCloudApi(content);
  return wire ? (outboundContentSchema.safeParse(wire).data ?? null) : null;
}

/** A Cloud API `POST /messages` body → the OutboundContent it encodes (leniently). */
function fromCloudApi(value: unknown): unknown {
  const body = obj(value);
  const type = str(body?.type);
  if (!body || !type || body.messaging_product === undefined) return null;
  const part = obj(body[type]) ?? {};
  switch (type) {
    case "text":
      return { type: "text", text: str(part.body) };
    case "interactive": {
      const action = obj(part.action) ?? {};
      const common = {
        body: str(obj(part.body)?.text),
        ...(str(obj(part.header)?.text) ? { header: str(obj(part.header)?.text) } : {}),
        ...(str(obj(part.footer)?.text) ? { footer: str(obj(part.footer)?.text) } : {}),
      };
      if (part.type === "button") {
        const buttons = (Array.isArray(action.buttons) ? action.buttons : []).map((b) => obj(obj(b)?.reply) ?? {});
        return { type: "buttons", ...common, buttons: buttons.map((b) => ({ id: str(b.id), title: str(b.title) })) };
      }
      if (part.type === "list") {
        const sections = (Array.isArray(action.sections) ? action.sections : []).map((section) => {
          const s = obj(section) ?? {};
          const rows = (Array.isArray(s.rows) ? s.rows : []).map((row) => {
            const r = obj(row) ?? {};
            return { id: str(r.id), title: str(r.title), ...(str(r.description) ? { description: str(r.description) } : {}) };
          });
          return { ...(str(s.title) ? { title: str(s.title) } : {}), rows };
        });
        return { type: "list", ...common, button: str(action.button), sections };
      }
      return null;
    }
    case "template": {
      const components = Array.isArray(part.components) ? part.components.map(obj) : [];
      const params = (kind: string) =>
        (components.find((c) => c?.type === kind)?.parameters as unknown[] | undefined)
          ?.map(obj)
          .filter((p) => p?.type === "text")
          .map((p) => ({ type: "text", text: str(p?.text) ?? "" }));
      return {
        type: "template",
        name: str(part.name),
        language: str(obj(part.language)?.code) ?? str(part.language) ?? "en",
        ...(params("body") ? { bodyParams: params("body") } : {}),
      };
    }
    case "reaction":
      return { type: "reaction", messageId: str(part.message_id) ?? "?", emoji: str(part.emoji) ?? "" };
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      return {
        type,
        link: str(part.link),
        ...(str(part.caption) ? { caption: str(part.caption) } : {}),
        ...(str(part.filename) ? { filename: str(part.filename) } : {}),
      };
    default:
      return null;
  }
}

export type InboundView =
  | { kind: "text"; text: string }
  | { kind: "reply"; title: string; description?: string }
  | { kind: "location"; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: "media"; mediaType: string; link?: string; caption?: string }
  | { kind: "other"; label: string };


/**
 * What a customer sent, read leniently: the simulator stores what it posted, the inbox the
 * normalized inbound event, so both shapes (flat or nested under `location`/`media`/`interactive`) are accepted.
 */
export function readInbound(content: unknown, type: string | undefined, text: string | null | undefined): InboundView {
  const c = obj(content) ?? {};
  const kind = str(c.type) ?? type ?? "text";
  if (kind === "location") {
    const loc = obj(c.location) ?? c;
    const latitude = num(loc.latitude);
    const longitude = num(loc.longitude);
    if (latitude !== undefined && longitude !== undefined) {
      return { kind: "location", latitude, longitude, name: str(loc.name), address: str(loc.address) };
    }
  }
  if (kind === "button_reply" || kind === "list_reply" || kind === "interactive" || kind === "button") {
    // Normalized { interactive: { title } }, or Meta's wire { interactive: { button_reply | list_reply: { title } } }.
    const interactive = obj(c.interactive);
    const reply = obj(interactive?.button_reply) ?? obj(interactive?.list_reply) ?? interactive ?? obj(c.button) ?? c;
    const title = str(reply.title) ?? str(reply.text) ?? str(text);
    if (title) return { kind: "reply", title, description: str(reply.description) };
  }
  if (["image", "video", "audio", "document", "sticker"].includes(kind)) {
    const media = obj(c.media) ?? obj(c[kind]) ?? c;
    return { kind: "media", mediaType: kind, link: str(media.link) ?? str(media.url), caption: str(media.caption) ?? str(text) };
  }
  const body = str(text) ?? str(c.text) ?? str(obj(c.text)?.body);
  if (body) return { kind: "text", text: body };
  return { kind: "other", label: kind };
}

const time = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "14:05" — the time under a chat bubble. */
export function formatClock(value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : time.format(date);
}
