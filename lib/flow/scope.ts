import type { ApiContext } from "./blocks/types";
import { getPath, renderTemplate, type RenderOptions } from "./template";
import type { ContactInput, InboundMessageInput } from "./types";

export type ScopeSource = {
  flowId: string;
  version: number;
  variables: Record<string, unknown>;
  contact: ContactInput;
  message?: InboundMessageInput;
  api?: ApiContext;
};

/**
 * What `{{…}}` and conditions can read. Built-in roots come after flow variables so a
 * variable can never shadow them (the validator also forbids those names).
 */
export function scopeRoot(source: ScopeSource): Record<string, unknown> {
  const { contact, message } = source;
  return {
    ...source.variables,
    contact: { ...contact.attributes, name: contact.name ?? "", phone: contact.phone, firstContact: contact.isFirstContact },
    message: message
      ? {
          type: message.type,
          text: message.text ?? message.interactiveTitle ?? "",
          buttonId: message.interactiveId ?? "",
          buttonTitle: message.interactiveTitle ?? "",
          referral: message.referral,
          location: message.location,
        }
      : {},
    api: source.api ?? {},
    flow: { id: source.flowId, version: source.version },
  };
}

export function scopeReader(source: ScopeSource) {
  const root = scopeRoot(source);
  const get = (path: string) => getPath(root, path.trim());
  return { get, render: (template: string, options?: RenderOptions) => renderTemplate(template, get, options) };
}
