import { z } from "zod";
import { flowDocumentSchema } from "./document";
import { CURRENT_VERSION } from "./version";

/**
 * JSON Schema of the current document format, generated from the zod schemas so it
 * cannot drift. "input" mode describes what import accepts (extra keys are stripped).
 */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(flowDocumentSchema, { io: "input", unrepresentable: "any" }),
    $id: `https://tickflow.dev/schemas/flow-document.v${CURRENT_VERSION}.json`,
    title: `Tickflow flow document v${CURRENT_VERSION}`,
  };
}
