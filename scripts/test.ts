/**
 * `npm test`: the whole suite, the way CI runs it.
 *  1. Vitest unit + integration tests on DATABASE_URL (a fresh database per run) or PGlite.
 *  2. With DATABASE_URL, the data-layer suites again on PGlite, so both engines are proven.
 *  3. Playwright in Chromium against the production build on a fresh database.
 * Ends with one line "Tests: N passed, N failed".
 * Options: --unit (steps 1–2 only), --e2e (step 3 only); E2E_SKIP_BUILD=1 reuses .next.
 * Other arguments go to Playwright with --e2e (`npm test -- --e2e e2e/inbox.spec.ts`: the
 * foundation project still runs first, it creates the owner the other specs sign in as).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "../bench/proc";

const root = path.resolve(import.meta.dirname, "..");
const args = new Set(process.argv.slice(2));
const only = args.has("--unit") ? "unit" : args.has("--e2e") ? "e2e" : "all";
const playwrightArgs = only === "e2e" ? process.argv.slice(2).filter((a) => a !== "--e2e") : [];
const totals = { passed: 0, failed: 0, skipped: 0 };
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-test-"));

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  console.log(`\n$ ${cmd} ${argv.join(" ")}`);
  const res = spawnSync(cmd, argv, { cwd: root, env, stdio: "inherit" });
  return res.status ?? 1;
}

function vitest(label: string, env: NodeJS.ProcessEnv, filters: string[] = []) {
  const out = path.join(reports, `${label}.json`);
  const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...filters], env);
  try {
    const r = JSON.parse(fs.readFileSync(out, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    if (code !== 0 && r.numFailedTests === 0) totals.failed += 1; // a crash outside any test
  } catch {
    totals.failed += 1;
  }
}

function findBrowser(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return null;
}

function bundledBrowser(): boolean {
  const res = spawnSync("node", ["-e", "const {chromium}=require('playwright-core');process.exit(require('fs').existsSync(chromium.executablePath())?0:1)"], { cwd: root });
  return res.status === 0;
}

/** A browser for Playwright: one already here, Debian's chromium (as root), or Playwright's own download. */
function ensureBrowser(): string | "bundled" {
  const found = findBrowser();
  if (found) return found;
  if (bundledBrowser()) return "bundled";
  const isRoot = process.getuid?.() === 0;
  if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
    console.log("Installing Debian's chromium for the browser tests…");
    if (run("apt-get", ["update", "-qq"]) === 0 && run("apt-get", ["install", "-y", "-qq", "chromium"]) === 0) {
      const installed = findBrowser();
      if (installed) return installed;
    }
  }
  if (run("npx", ["playwright", "install", "chromium"]) === 0 && bundledBrowser()) return "bundled";
  console.error("No browser for the e2e tests: install Chromium (Debian: apt-get install -y chromium), run `npx playwright install chromium`, or set CHROMIUM_PATH.");
  process.exit(1);
}

async function waitForHealth(url: string, server: ReturnType<typeof spawn>, timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the app exited with code ${server.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not become healthy within ${timeoutMs / 1000}s`);
}

async function e2e() {
  const browser = ensureBrowser();
  if (process.env.E2E_SKIP_BUILD !== "1" || !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    if (run("npm", ["run", "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }) !== 0) {
      totals.failed += 1;
      return;
    }
  }
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), PUBLIC_URL: baseUrl, DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn" };
  let dropDb = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `tickflow_e2e_${Date.now()}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
    dropDb = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  }
  // server.mjs: what `npm start` runs (Next plus the lean webhook path).
  const server = spawn(process.execPath, ["server.mjs", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  try {
    await waitForHealth(baseUrl, server);
    const out = path.join(reports, "e2e.json");
    const pwEnv = { ...process.env, E2E_BASE_URL: baseUrl, CHROMIUM_PATH: browser === "bundled" ? "" : browser, PLAYWRIGHT_JSON_OUTPUT_NAME: out };
    run("npx", ["playwright", "test", "--reporter=list,json", ...playwrightArgs], pwEnv);
    try {
      const r = JSON.parse(fs.readFileSync(out, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
      totals.passed += r.stats.expected + r.stats.flaky;
      totals.failed += r.stats.unexpected;
      totals.skipped += r.stats.skipped;
    } catch {
      totals.failed += 1;
    }
  } catch (err) {
    console.error(`e2e: ${(err as Error).message}`);
    totals.failed += 1;
  } finally {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 500));
    await dropDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  if (only !== "e2e") {
    vitest("main", process.env);
    if (process.env.DATABASE_URL) {
      const { DATABASE_URL: _omit, ...embedded } = process.env;
      console.log("\nData-layer suites again on the embedded database (PGlite):");
      vitest("pglite", embedded, ["db/", "lib/auth/"]);
    }
  }
  if (only !== "unit") await e2e();
  console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
