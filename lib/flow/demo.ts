import demo from "@/examples/flows/demo.json";
import { parseFlowDocument, type FlowDocument } from "./document";

/**
 * The seed's "hi → 1 price / 2 support" bot, used to seed a fresh install. Parsed on
 * every call so callers get their own copy and the JSON is checked against the schema.
 */
export function demoFlowDocument(): FlowDocument {
  return parseFlowDocument(structuredClone(demo));
}
