import type { z } from "zod";
import { CURRENT_VERSION } from "./version";

/**
 * Old document versions are migrated on read; stored rows are never rewritten in place,
 * so a published version keeps its original bytes. Each entry upgrades from its key to
 * key + 1, so adding v2 means writing `1: v1ToV2` and bumping CURRENT_VERSION (version.ts).
 */
type Json = Record<string, unknown>;
type Migration = (doc: Json) => Json;

/**
 * v0 is the pre-versioned prototype format: React-Flow-shaped `nodes` with `data` as
 * settings, edges with `sourceHandle`, camelCase types, and editor-only fields mixed in.
 */
const V0_TYPES: Record<string, string> = {
  apiCall: "api_call",
  setVariable: "set_variable",
  goToFlow: "go_to_flow",
  message: "reply",
  question: "ask",
};

function v0ToV1(doc: Json): Json {
  const nodes = Array.isArray(doc.nodes) ? doc.nodes : Array.isArray(doc.blocks) ? doc.blocks : [];
  const edges = Array.isArray(doc.edges) ? doc.edges : [];
  return {
    version: 1,
    blocks: nodes.map((node: Json) => {
      const type = typeof node.type === "string" ? (V0_TYPES[node.type] ?? node.type) : node.type;
      const { label, ...settings } = (node.data ?? node.settings ?? {}) as Json;
      return {
        id: node.id,
        type,
        position: node.position ?? { x: 0, y: 0 },
        ...(typeof label === "string" && label ? { label } : {}),
        settings,
      };
    }),
    edges: edges.map((edge: Json) => ({
      id: edge.id,
      source: edge.source,
      sourceOutput: edge.sourceOutput ?? edge.sourceHandle ?? "next",
      target: edge.target,
    })),
    ...(Array.isArray(doc.variables) ? { variables: doc.variables } : {}),
    ...(doc.settings && typeof doc.settings === "object" ? { settings: doc.settings } : {}),
  };
}

export const MIGRATIONS: Record<number, Migration> = { 0: v0ToV1 };

export type Migrated = { ok: true; value: unknown } | { ok: false; issue: z.core.$ZodIssue };

export function documentVersion(input: unknown): number | null {
  if (!input || typeof input !== "object" || Array.isArray(input)) return null;
  const version = (input as Json).version;
  if (version === undefined) return 0;
  return typeof version === "number" && Number.isInteger(version) && version >= 0 ? version : null;
}

export function migrateToCurrent(input: unknown): Migrated {
  const from = documentVersion(input);
  if (from === null) return failure("This is not a Tickflow flow document (missing or invalid `version`).", ["version"]);
  if (from > CURRENT_VERSION) return failure(`This flow was made by a newer Tickflow (format v${from}); this one reads up to v${CURRENT_VERSION}.`, ["version"]);
  let doc = input as Json;
  for (let v = from; v < CURRENT_VERSION; v++) {
    const migration = MIGRATIONS[v];
    if (!migration) return failure(`No migration from flow format v${v}.`, ["version"]);
    doc = migration(doc);
  }
  return { ok: true, value: doc };
}

function failure(message: string, path: PropertyKey[]): Migrated {
  return { ok: false, issue: { code: "custom", message, path, input: undefined } as z.core.$ZodIssue };
}
