import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { executors } from "./executors";
import { BLOCK_TYPES, blockRegistry } from "./registry";

/** Follows relative and "@/" imports from a file and returns every file reached. */
function importGraph(entry: string): string[] {
  const root = path.resolve(__dirname, "../../..");
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^"']*from\s+["']([^"']+)["']/gm)) {
      if (!spec || (!spec.startsWith(".") && !spec.startsWith("@/"))) continue;
      const base = spec.startsWith("@/") ? path.join(root, spec.slice(2)) : path.resolve(path.dirname(file), spec);
      const target = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base].find((f) => existsSync(f) && f.match(/\.(ts|tsx|json)$/));
      if (target && !target.endsWith(".json")) visit(target);
    }
  };
  visit(entry);
  return [...seen].map((f) => path.relative(root, f));
}

describe("block registries", () => {
  it("have the same block types", () => {
    expect(Object.keys(executors).sort()).toEqual([...BLOCK_TYPES].sort());
  });

  it.each(["blocks/registry.ts", "index.ts"])("browser-safe %s never reaches executors or server-only libraries", (entry) => {
    const files = importGraph(path.join(__dirname, "..", entry));
    expect(files).toContain("lib/flow/blocks/reply/meta.ts");
    expect(files.filter((f) => /execute|executors|engine|walk/.test(f))).toEqual([]);
    const sources = files.map((f) => readFileSync(path.resolve(__dirname, "../../..", f), "utf8")).join("\n");
    expect(sources).not.toMatch(/from "(jsonpath-plus|libphonenumber-js|node:[a-z]+)"/);
  });

  it.each(BLOCK_TYPES)("%s has a label, an icon, a category and valid empty settings", (type) => {
    const block = blockRegistry[type];
    expect(block.label).toBeTruthy();
    expect(block.icon).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(block.category).toBeTruthy();
    expect(block.settings.safeParse({}).success).toBe(true);
  });
});
