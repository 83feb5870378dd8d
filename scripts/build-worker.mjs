/**
 * Bundles the processing worker (lib/messaging/processing-worker.ts) into
 * .next/tickflow/processing-worker.mjs, next to Next's own build: server.mjs starts it as a
 * worker thread on PostgreSQL. `npm run build` runs this after `next build`. lib/ is
 * compiled in (TypeScript, the `@/` paths from tsconfig.json); packages stay imports
 * resolved from node_modules at run time, as in Next's server bundle — except `next/server`:
 * the worker runs outside any request, so it gets a stand-in whose `after()` throws
 * (background.ts then runs the work at once, as it does outside a request anyway).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, ".next", "tickflow", "processing-worker.mjs");
const started = Date.now();
await build({
  entryPoints: [path.join(root, "lib", "messaging", "processing-worker.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  sourcemap: true,
  logLevel: "warning",
  define: { "process.env.NEXT_RUNTIME": '"nodejs"' },
  plugins: [
    {
      name: "next-server-stand-in",
      setup(b) {
        b.onResolve({ filter: /^next\/server$/ }, () => ({ path: "next/server", namespace: "stand-in" }));
        b.onLoad({ filter: /.*/, namespace: "stand-in" }, () => ({
          loader: "js",
          contents: [
            'const outside = (what) => () => { throw new Error(what + " is not available in the processing worker (no request)"); };',
            'export const after = outside("after()");',
            'export const NextResponse = { json: outside("NextResponse.json()") };',
          ].join("\n"),
        }));
      },
    },
  ],
});
console.log(`processing worker built: ${path.relative(root, outfile)} (${Date.now() - started} ms)`);
