import { blockDefinition, type FlowDocument } from "@/lib/flow";

import type { VariableOption } from "./editor-context";

const BUILT_IN: VariableOption[] = [
  { name: "contact.name", source: "Contact" },
  { name: "contact.phone", source: "Contact" },
  { name: "message.text", source: "Message" },
  { name: "message.type", source: "Message" },
  { name: "message.buttonId", source: "Message" },
  { name: "message.buttonTitle", source: "Message" },
  { name: "api.status", source: "Last API call" },
  { name: "api.ok", source: "Last API call" },
  { name: "api.response", source: "Last API call" },
  { name: "api.error", source: "Last API call" },
  { name: "flow.version", source: "Flow" },
];

/** Every variable the flow writes or declares, then the built-in paths, without duplicates. */
export function flowVariables(doc: FlowDocument): VariableOption[] {
  const found = new Map<string, string>();
  const add = (name: string | undefined, source: string) => {
    const trimmed = name?.trim();
    if (trimmed && !found.has(trimmed)) found.set(trimmed, source);
  };
  for (const v of doc.variables ?? []) add(v.name, "Declared");
  for (const block of doc.blocks) {
    const where = `${blockDefinition(block.type).label}${block.label ? ` “${block.label}”` : ""}`;
    switch (block.type) {
      case "ask":
        add(block.settings.variable, where);
        break;
      case "set_variable":
        add(block.settings.variable, where);
        break;
      case "api_call":
        for (const m of block.settings.mappings ?? []) add(m.variable, where);
        break;
      case "reply":
        add(block.settings.saveChoiceAs, where);
        break;
      default:
        break;
    }
  }
  const own = [...found].map(([name, source]) => ({ name, source }));
  return [...own, ...BUILT_IN.filter((b) => !found.has(b.name))];
}
