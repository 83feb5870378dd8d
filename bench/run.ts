import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createApiToken, createBenchDatabase, ensureBuild, provision, startApp, summarizeAppLog, type BenchDatabase, type RunningApp } from "./app";
import { loadDemoTexts } from "./demo-script";
import { Driver, type ScenarioResult, type ScenarioSpec, type Target, type WebhookClient } from "./driver";
import type { BusinessNumber } from "./meta-wire";
import { MockGraph } from "./mock-graph";
import { cpuModel, loadAverage, nproc, stopGroup, runMain, teardownGuard, treeCpuSeconds } from "./proc";
import { foldRuns, renderReport, resultsTable, targetChecks, targetsTable, updateReadme, writeResults, type MachineInfo, type Row } from "./report";
import { faultScenario, scenarios, warmupScenario } from "./scenarios";
import { fmtMs, fmtRate } from "./stats";

const USAGE = `npm run bench -- [options]
  --quick               small run for CI/dev (2,000 closed-loop messages, 5 s per open-loop scenario)
  --scenario NAME       closed-loop | fixed-rate | realistic | faults (repeat or comma-separate; default: the first three)
  --runs N              run each scenario N times; the table shows medians (default 1)
  --skip-baseline       do not run the node:http baseline
  --skip-app            run the baseline only (checks the harness; no build, no database)
  --app-dir DIR         the Tickflow checkout to build and start (default: this repository)
  --app-label TEXT      what the app dir holds, for the report (default: its git commit)
  --build               run next build even if .next/BUILD_ID exists
  --keep-db             keep the run's database (its name is printed)
  --warmup N            warm-up messages per server before measuring (default 500, quick 200)
  --client undici|http  the driver's HTTP client for webhooks (default undici: cheaper per request)
  --ack-only            closed loop sends on the ack without waiting for replies (intake alone)
  --redeliver F         also deliver this fraction of webhooks twice, in every scenario
  --fail-rate F         mock answers this fraction of sends with 500, in every scenario
  --timeout-rate F      mock holds this fraction of sends unanswered, in every scenario
  --rate-limit N        the bench channel's send rate limit per second (default 10000, the maximum)
  --app-env K=V         extra environment for next start (repeatable), e.g. DATABASE_POOL_SIZE=20
  --server server|next  how the app is started: server.mjs as \`npm start\` does (default), or plain \`next start\`
  --cpu-prof DIR        write a V8 CPU profile of the app server into DIR (open in Chrome DevTools)
  --out DIR             results folder (default bench/results)
  --no-readme           do not update the tables in bench/README.md and README.md (only full runs of the default scenarios do)
  --allow-fail          exit 0 even when a target fails`;

const BENCH_DIR = __dirname;
const REPO_DIR = path.resolve(BENCH_DIR, "..");
const OVERALL_LIMIT_MS = 30 * 60_000;

const APP_NUMBER: BusinessNumber = { phoneNumberId: "109876543210987", displayPhoneNumber: "15550101234", wabaId: "102290129340398" };
const BASELINE_NUMBER: BusinessNumber = { phoneNumberId: "109876543210988", displayPhoneNumber: "15550101235", wabaId: "102290129340398" };
const ACCESS_TOKEN = "bench-token";

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parse() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      scenario: { type: "string", multiple: true },
      runs: { type: "string", default: "1" },
      "skip-baseline": { type: "boolean", default: false },
      "skip-app": { type: "boolean", default: false },
      "app-dir": { type: "string", default: REPO_DIR },
      "app-label": { type: "string" },
      build: { type: "boolean", default: false },
      "keep-db": { type: "boolean", default: false },
      warmup: { type: "string" },
      "ack-only": { type: "boolean", default: false },
      client: { type: "string", default: "undici" },
      redeliver: { type: "string" },
      "fail-rate": { type: "string" },
      "timeout-rate": { type: "string" },
      "rate-limit": { type: "string", default: "10000" },
      "app-env": { type: "string", multiple: true },
      "cpu-prof": { type: "string" },
      server: { type: "string", default: "server" },
      out: { type: "string", default: path.join(BENCH_DIR, "results") },
      "no-readme": { type: "boolean", default: false },
      "allow-fail": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: string, v: string | undefined, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}]`);
    return n;
  };
  const quick = values.quick;
  const all = [...scenarios(quick), faultScenario(quick)];
  const names = (values.scenario ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!all.some((s) => s.name === n)) throw new Error(`unknown scenario "${n}" (${all.map((s) => s.name).join(", ")})`);
  let specs: ScenarioSpec[] = names.length ? all.filter((s) => names.includes(s.name)) : scenarios(quick);
  const redeliver = num("redeliver", values.redeliver, 0, 1);
  const failRate = num("fail-rate", values["fail-rate"], 0, 1);
  const timeoutRate = num("timeout-rate", values["timeout-rate"], 0, 1);
  specs = specs.map((s) => ({
    ...s,
    ackOnly: values["ack-only"] || undefined,
    redeliver: redeliver ?? s.redeliver,
    mock: { ...s.mock, ...(failRate !== undefined ? { failRate } : {}), ...(timeoutRate !== undefined ? { timeoutRate } : {}) },
  }));
  if (values["skip-app"] && values["skip-baseline"]) throw new Error("--skip-app and --skip-baseline leave nothing to measure");
  const appEnv: Record<string, string> = {};
  for (const kv of values["app-env"] ?? []) {
    const i = kv.indexOf("=");
    if (i <= 0) throw new Error(`--app-env expects KEY=VALUE, got "${kv}"`);
    appEnv[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const defaultSet = names.length === 0 && !quick && !values["ack-only"] && redeliver === undefined && failRate === undefined && timeoutRate === undefined;
  if (values.client !== "undici" && values.client !== "http") throw new Error("--client must be undici or http");
  return {
    client: values.client as WebhookClient,
    quick,
    specs,
    runs: num("runs", values.runs, 1, 20)!,
    skipBaseline: values["skip-baseline"],
    skipApp: values["skip-app"],
    appDir: path.resolve(values["app-dir"]),
    server: values.server === "next" ? ("next" as const) : ("server" as const),
    nodeArgs: values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`] : [],
    appLabel: values["app-label"],
    build: values.build,
    keepDb: values["keep-db"],
    warmup: num("warmup", values.warmup, 0, 100_000) ?? (quick ? 200 : 500),
    rateLimit: num("rate-limit", values["rate-limit"], 1, 10_000)!,
    appEnv,
    out: path.resolve(values.out),
    readme: defaultSet && !values["no-readme"] && !values["skip-app"] && !values["skip-baseline"],
    allowFail: values["allow-fail"],
  };
}

type Options = ReturnType<typeof parse>;

/** The baseline server as its own process, so its CPU is measured like the app's. */
async function startBaseline(graphUrl: string, appSecret: string, appDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(BENCH_DIR, "baseline-server.ts"), "--app-secret", appSecret, "--graph-url", graphUrl, "--phone-number-id", BASELINE_NUMBER.phoneNumberId, "--access-token", ACCESS_TOKEN, "--app-dir", appDir],
    { cwd: REPO_DIR, env: { ...process.env, NODE_ENV: "production" }, detached: true, stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("baseline server did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`baseline server exited (${code})`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^BASELINE_LISTENING (\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { child, port };
}

/**
 * Waits until the servers' process trees are idle (under 0.1 core over half a second), so
 * one scenario's leftover work (a backlog, status webhooks) does not bill the next one.
 * Gives up after `maxMs` and says how busy they still were.
 */
async function quiesce(targets: Target[], maxMs = 60_000): Promise<string | undefined> {
  const deadline = Date.now() + maxMs;
  let before = targets.map((t) => treeCpuSeconds(t.cpuPid));
  let busy: number[] = [];
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = targets.map((t) => treeCpuSeconds(t.cpuPid));
    busy = now.map((v, i) => (v - before[i]!) / 0.5);
    before = now;
    if (busy.every((b) => !(b > 0.1))) return undefined;
  }
  return `started while still busy after ${maxMs / 1000} s of waiting: ${targets.map((t, i) => `${t.label} ${busy[i]?.toFixed(2)} cores`).join(", ")}`;
}

function readVersion(file: string): string {
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

function appCommit(appDir: string): string {
  try {
    const head = execFileSync("git", ["-C", appDir, "rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["-C", appDir, "status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return "(not a git checkout)";
  }
}

function summary(r: ScenarioResult): string {
  return (
    `ack p50 ${fmtMs(r.ackP50)} p99 ${fmtMs(r.ackP99)}, ${fmtRate(r.acksPerS)} acks/s; e2e p50 ${fmtMs(r.e2eP50)} p99 ${fmtMs(r.e2eP99)}, ` +
    `${fmtRate(r.repliesPerS)} replies/s; lost ${r.lost + r.unacked} dup ${r.duplicated} wrong ${r.wrong}; CPU ${fmtMs(r.appCpuMsPerMsg)}/msg` +
    (r.stoppedEarly ? ` [${r.stoppedEarly}]` : "")
  );
}

async function main(): Promise<number> {
  const opts: Options = parse();
  const { cleanups, cleanup } = teardownGuard(log, OVERALL_LIMIT_MS, "the run");

  try {
    const loadBefore = loadAverage();
    const texts = loadDemoTexts(opts.appDir);
    const mock = new MockGraph();
    await mock.listen(0);
    cleanups.push(() => mock.close());
    const driver = new Driver(mock, texts, opts.client);
    log(`mock Graph API on ${mock.url}`);

    const targets: Target[] = [];
    const notes: string[] = [];
    let pgVersion = "not used";
    let appLog: string | undefined;

    if (!opts.skipBaseline) {
      const appSecret = randomBytes(16).toString("hex");
      const baseline = await startBaseline(mock.url, appSecret, opts.appDir);
      cleanups.push(() => stopGroup(baseline.child));
      const webhookUrl = `http://127.0.0.1:${baseline.port}/api/webhooks/meta`;
      mock.register({ ...BASELINE_NUMBER, accessToken: ACCESS_TOKEN, appSecret, webhookUrl });
      targets.push({ label: "baseline", webhookUrl, number: BASELINE_NUMBER, appSecret, cpuPid: baseline.child.pid! });
      log(`baseline (node:http, verify + forward, no storage) on 127.0.0.1:${baseline.port}`);
    }

    if (!opts.skipApp) {
      try {
        const baseUrl = process.env.DATABASE_URL;
        if (!baseUrl) throw new Error("DATABASE_URL is not set: the bench runs Tickflow on a real PostgreSQL server (a fresh database is created on it for the run)");
        ensureBuild(opts.appDir, opts.build, log);
        const db: BenchDatabase = await createBenchDatabase(baseUrl);
        pgVersion = db.serverVersion;
        log(`database ${db.name} created (PostgreSQL ${db.serverVersion})`);
        cleanups.push(async () => {
          if (opts.keepDb) return log(`kept database ${db.name}: ${db.url}`);
          await db.drop();
          log(`database ${db.name} dropped`);
        });
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-bench-"));
        cleanups.push(async () => {
          if (!opts.keepDb) fs.rmSync(dataDir, { recursive: true, force: true });
        });
        const admin = { email: "bench-owner@example.com", password: randomBytes(12).toString("hex") };
        log("starting next start…");
        const app: RunningApp = await startApp({ appDir: opts.appDir, databaseUrl: db.url, dataDir, adminEmail: admin.email, adminPassword: admin.password, extraEnv: opts.appEnv, nodeArgs: opts.nodeArgs, server: opts.server });
        cleanups.push(() => app.stop());
        log(`Tickflow on ${app.baseUrl} (pid ${app.pid}, log ${app.logFile})`);
        appLog = app.logFile;
        const token = await createApiToken(app.baseUrl, admin.email, admin.password);
        const appSecret = randomBytes(16).toString("hex");
        const setup = await provision(
          app.baseUrl,
          token,
          {
            phoneNumberId: APP_NUMBER.phoneNumberId,
            displayPhoneNumber: APP_NUMBER.displayPhoneNumber,
            accessToken: ACCESS_TOKEN,
            appSecret,
            verifyToken: randomBytes(8).toString("hex"),
            apiBaseUrl: mock.url,
            apiVersion: "v23.0",
            rateLimitPerSecond: opts.rateLimit,
          },
          path.join(opts.appDir, "examples/flows/demo.json"),
        );
        log(`Meta channel ${setup.channelId}, demo flow ${setup.flowId} v${setup.flowVersion} published`);
        const webhookUrl = `${app.baseUrl}/api/webhooks/meta`;
        mock.register({ ...APP_NUMBER, accessToken: ACCESS_TOKEN, appSecret, webhookUrl });
        targets.unshift({ label: "tickflow", webhookUrl, number: APP_NUMBER, appSecret, cpuPid: app.pid });
      } catch (err) {
        const message = (err as Error).message;
        log(`Tickflow could not be started: ${message}`);
        notes.push(`Tickflow was not measured: ${message.split("\n")[0]}`);
        if (targets.length === 0) throw err;
      }
    }

    // One server after the other (baseline first: it leaves no backlog behind), each warmed up first.
    const results = new Map<string, ScenarioResult[]>();
    const order = [...targets.filter((t) => t.label === "baseline"), ...targets.filter((t) => t.label !== "baseline")];
    for (const target of order) {
      if (opts.warmup > 0) {
        await quiesce(targets);
        log(`warm-up ${target.label}: ${opts.warmup} messages…`);
        const w = await driver.run({ ...warmupScenario(opts.warmup), ackOnly: opts.specs[0]?.ackOnly }, target, log);
        log(`  ${summary(w)}`);
      }
      for (const spec of opts.specs) {
        for (let run = 1; run <= opts.runs; run++) {
          const startNote = await quiesce(targets);
          if (startNote) log(`  ${startNote}`);
          log(`${spec.name}${opts.runs > 1 ? ` run ${run}/${opts.runs}` : ""} → ${target.label}…`);
          const r = await driver.run(spec, target, log);
          r.startNote = startNote;
          log(`  ${summary(r)}`);
          const key = `${spec.name}/${target.label}`;
          results.set(key, [...(results.get(key) ?? []), r]);
        }
      }
    }
    const appResults = [...results.values()].flat().filter((r) => r.target === "tickflow");
    if (appResults.length && appResults.every((r) => r.replies === 0) && appResults.some((r) => r.acked > 0)) {
      notes.push(`Tickflow acknowledged ${appResults.reduce((s, r) => s + r.acked, 0)} webhooks but sent no reply at all (the mock Graph API recorded no send from it).`);
    }
    if (appLog) {
      const summary = summarizeAppLog(appLog);
      if (summary.warnings + summary.errors > 0) {
        notes.push(`The app logged ${summary.errors} error(s) and ${summary.warnings} warning(s) during the run; first distinct ones:`);
        notes.push(...summary.samples.map((line) => `  \`${line.replace(/`/g, "'")}\``));
      }
    }
    const late = [...results.values()].flat().filter((r) => r.lateReplies > 0);
    for (const r of late) notes.push(`${r.scenario} → ${r.target}: ${r.lateReplies} of its ${r.lost} lost messages were answered later, after the deadline (still counted as lost).`);
    if (driver.strayReplies) notes.push(`${driver.strayReplies} other replies arrived after their scenario had ended (not counted).`);

    const rows: Row[] = [...results.values()].map(foldRuns);
    const checks = targetChecks(rows);
    const info: MachineInfo = {
      date: new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC",
      nproc: nproc(),
      cpu: cpuModel(),
      node: process.version,
      postgres: pgVersion,
      next: readVersion(path.join(opts.appDir, "node_modules/next/package.json")),
      appDir: opts.appDir,
      appCommit: opts.appLabel ?? appCommit(opts.appDir),
      loadBefore,
      loadAfter: loadAverage(),
      mode: opts.quick ? "Quick run (--quick)" : "Full run",
      runs: opts.runs,
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ")}` : ""}`,
    };
    const table = resultsTable(opts.specs, rows);
    const targetsMd = targetsTable(checks);
    const markdown = renderReport(info, opts.specs, rows, checks, notes);
    const file = writeResults(opts.out, markdown);
    console.log(`\n${table}\n\n${targetsMd}\n`);
    for (const n of notes) console.log(`note: ${n}`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    if (opts.readme && targets.length === 2) {
      for (const readme of [path.join(BENCH_DIR, "README.md"), path.join(REPO_DIR, "README.md")]) {
        if (updateReadme(readme, file, info, table, targetsMd)) console.log(`${path.relative(REPO_DIR, readme)} updated with this table`);
      }
    }

    const appMissing = !opts.skipApp && !targets.some((t) => t.label === "tickflow");
    const failed = appMissing || checks.some((c) => c.pass === false);
    return failed && !opts.allowFail ? 1 : 0;
  } finally {
    await cleanup();
  }
}

runMain("bench", main, log);
