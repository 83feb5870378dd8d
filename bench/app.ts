import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { freePort, spawnLogged, stopGroup, tail } from "./proc";

/**
 * Tickflow under test: a production build started with `next start` on a fresh
 * PostgreSQL database, provisioned over its own HTTP API (owner → API token → Meta
 * channel whose Graph API is the mock → the demo flow published on it).
 */

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]", ""]);

export interface BenchDatabase {
  url: string;
  name: string;
  serverVersion: string;
  drop(): Promise<void>;
}

/** Creates `tickflow_bench_<stamp>` on the server of `baseUrl` (which must be on loopback). */
export async function createBenchDatabase(baseUrl: string): Promise<BenchDatabase> {
  const base = new URL(baseUrl);
  if (!LOOPBACK.has(base.hostname)) throw new Error(`DATABASE_URL must point at this machine (loopback), not ${base.hostname}: the bench sends traffic to 127.0.0.1 only`);
  const name = `tickflow_bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  let serverVersion = "unknown";
  try {
    const [row] = await admin<{ server_version: string }[]>`SHOW server_version`;
    serverVersion = row?.server_version ?? serverVersion;
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    serverVersion,
    async drop() {
      const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

function nextBin(appDir: string): string {
  const bin = path.join(appDir, "node_modules/next/dist/bin/next");
  if (!fs.existsSync(bin)) throw new Error(`${bin} not found: run npm install in ${appDir} (or symlink node_modules there)`);
  return bin;
}

/**
 * `next build` when there is no build yet (or when asked), then the processing worker's
 * bundle (scripts/build-worker.mjs) when the checkout has one and it is missing — what
 * `npm run build` does; output goes to the terminal.
 */
export function ensureBuild(appDir: string, force: boolean, log: (line: string) => void): void {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  if (force || !fs.existsSync(path.join(appDir, ".next/BUILD_ID"))) {
    log(`building ${appDir} (next build)…`);
    const started = Date.now();
    const result = spawnSync(process.execPath, [nextBin(appDir), "build"], { cwd: appDir, env, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`next build failed in ${appDir} (exit ${result.status ?? result.signal})`);
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const workerScript = path.join(appDir, "scripts/build-worker.mjs");
  if (fs.existsSync(workerScript) && (force || !fs.existsSync(path.join(appDir, ".next/tickflow/processing-worker.mjs")))) {
    const result = spawnSync(process.execPath, [workerScript], { cwd: appDir, env, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`the processing worker's build failed in ${appDir} (exit ${result.status ?? result.signal})`);
  }
}

export interface RunningApp {
  child: ChildProcess;
  pid: number;
  port: number;
  baseUrl: string;
  logFile: string;
  /** The key its secrets are sealed with: a restart on the same database must reuse it. */
  encryptionKey: string;
  stop(): Promise<void>;
}

export interface AppLaunch {
  appDir: string;
  databaseUrl: string;
  dataDir: string;
  adminEmail: string;
  adminPassword: string;
  /** Extra environment (e.g. DATABASE_POOL_SIZE) from the command line. */
  extraEnv?: Record<string, string>;
  /** Node flags for the server process (e.g. --cpu-prof, not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** `server` (default): server.mjs, what `npm start` runs; `next`: plain `next start`, for comparison. */
  server?: "server" | "next";
  /** Listen here instead of a free port (a restart keeps its address). */
  port?: number;
  /** Reuse this ENCRYPTION_KEY (a restart, or a second instance on the same database); default random. */
  encryptionKey?: string;
  /** Log file name inside dataDir (default next-start.log); appended to, so a restart continues it. */
  logName?: string;
  /** How long to wait for GET /api/health (default 120 s). */
  healthTimeoutMs?: number;
}

export async function startApp(launch: AppLaunch): Promise<RunningApp> {
  const port = launch.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(launch.dataDir, launch.logName ?? "next-start.log");
  const encryptionKey = launch.encryptionKey ?? randomBytes(32).toString("hex");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: launch.databaseUrl,
    ENCRYPTION_KEY: encryptionKey,
    ADMIN_EMAIL: launch.adminEmail,
    ADMIN_PASSWORD: launch.adminPassword,
    PUBLIC_URL: baseUrl,
    PORT: String(port),
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    SANDBOX_ENABLED: "false",
    DATA_DIR: launch.dataDir,
    ...launch.extraEnv,
  };
  delete env.PGLITE_DIR;
  const serverFile = path.join(launch.appDir, "server.mjs");
  const entry = launch.server !== "next" && fs.existsSync(serverFile) ? [serverFile] : [nextBin(launch.appDir), "start"];
  const child = spawnLogged(process.execPath, [...(launch.nodeArgs ?? []), ...entry, "-p", String(port), "-H", "127.0.0.1"], { cwd: launch.appDir, env, logFile });
  const app: RunningApp = { child, pid: child.pid!, port, baseUrl, logFile, encryptionKey, stop: () => stopGroup(child) };
  try {
    await waitHealthy(app, launch.healthTimeoutMs ?? 120_000);
  } catch (err) {
    await app.stop();
    throw new Error(`${(err as Error).message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
  }
  return app;
}

async function waitHealthy(app: RunningApp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) throw new Error(`next start exited (${app.child.exitCode ?? app.child.signalCode}) before it was healthy`);
    try {
      const res = await fetch(`${app.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as { ok?: boolean; db?: string };
      if (res.ok && body.ok) {
        if (body.db !== "postgres") throw new Error(`the app runs on ${body.db}, not PostgreSQL`);
        return;
      }
      last = `${res.status} ${JSON.stringify(body)}`;
    } catch (err) {
      if ((err as Error).message.includes("not PostgreSQL")) throw err;
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`GET /api/health not ok after ${timeoutMs / 1000} s (last: ${last})`);
}

// ── provisioning over the JSON API ───────────────────────────────────────────

class Api {
  constructor(
    private baseUrl: string,
    private headers: Record<string, string>,
  ) {}

  async call<T>(method: string, route: string, body?: unknown, expect: number[] = [200, 201]): Promise<T> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** Signs in as the owner (cookie) and makes an API token; retried while the owner is being created. */
export async function createApiToken(baseUrl: string, email: string, password: string): Promise<string> {
  let cookie = "";
  let lastError = "";
  for (let attempt = 0; attempt < 20 && !cookie; attempt++) {
    const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseUrl },
      body: JSON.stringify({ email, password }),
    });
    await res.text();
    cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .filter((c) => c && !c.endsWith("="))
      .join("; ");
    if (!res.ok || !cookie) {
      cookie = "";
      lastError = `sign-in → ${res.status}`;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!cookie) throw new Error(`could not sign in as ${email} (${lastError})`);
  const api = new Api(baseUrl, { Cookie: cookie, Origin: baseUrl });
  const { token } = await api.call<{ token: string }>("POST", "/api/v1/tokens", { name: "bench" });
  return token;
}

export interface MetaChannelSetup {
  phoneNumberId: string;
  displayPhoneNumber: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  apiBaseUrl: string;
  apiVersion: string;
  rateLimitPerSecond: number;
}

export interface Provisioned {
  channelId: string;
  flowId: string;
  flowVersion: number;
}

interface FlowSummary {
  id: string;
  name: string;
  channelIds: string[];
  publishedVersion: number | null;
}

export async function provision(baseUrl: string, token: string, channel: MetaChannelSetup, demoFile: string): Promise<Provisioned> {
  const api = new Api(baseUrl, { Authorization: `Bearer ${token}` });
  const { rateLimitPerSecond, ...config } = channel;
  const created = await api.call<{ id: string }>("POST", "/api/v1/channels", { provider: "meta", name: "Bench", config, settings: { rateLimitPerSecond } }, [201]);

  const { items } = await api.call<{ items: FlowSummary[] }>("GET", "/api/v1/flows");
  let flow = items.find((f) => f.channelIds.includes(created.id) && /demo/i.test(f.name));
  if (!flow) {
    const document = JSON.parse(fs.readFileSync(demoFile, "utf8")) as unknown;
    const imported = await api.call<{ id: string }>("POST", `/api/v1/flows/import?name=${encodeURIComponent("Demo (bench)")}`, document, [201]);
    await api.call("PUT", `/api/v1/flows/${imported.id}`, { channelIds: [created.id] });
    flow = { id: imported.id, name: "Demo (bench)", channelIds: [created.id], publishedVersion: null };
  }
  let version = flow.publishedVersion;
  if (version === null) ({ version } = await api.call<{ version: number }>("POST", `/api/v1/flows/${flow.id}/publish`, {}));
  return { channelId: created.id, flowId: flow.id, flowVersion: version };
}

/** Warnings and errors the app logged (pino JSON lines, level ≥ 40): a count and the first distinct messages. */
export function summarizeAppLog(logFile: string, max = 5): { warnings: number; errors: number; samples: string[] } {
  const out = { warnings: 0, errors: 0, samples: [] as string[] };
  let text = "";
  try {
    text = fs.readFileSync(logFile, "utf8");
  } catch {
    return out;
  }
  const seen = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { level?: number; msg?: string; scope?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 40) continue;
    if ((entry.level ?? 0) >= 50) out.errors++;
    else out.warnings++;
    const sample = `${entry.level! >= 50 ? "error" : "warn"}${entry.scope ? ` [${entry.scope}]` : ""}: ${entry.msg ?? ""}${entry.err?.message ? ` — ${entry.err.message}` : ""}`.slice(0, 300);
    const kind = sample.replace(/\d+(\.\d+)?/g, "#"); // one example per message shape, whatever the numbers
    if (!seen.has(kind) && seen.size < max) {
      seen.add(kind);
      out.samples.push(sample);
    }
  }
  return out;
}
