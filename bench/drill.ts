import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createApiToken, ensureBuild, provision, startApp, summarizeAppLog, type AppLaunch } from "./app";
import { loadDemoTexts } from "./demo-script";
import { createDatabase, DrillDb } from "./drill-db";
import { createPrivateCluster, type PrivateCluster } from "./drill-pg";
import { Driver, type ScenarioResult } from "./driver";
import { DRILLS, Instance, type DrillEnv, type DrillName, type DrillReport } from "./drills";
import type { BusinessNumber } from "./meta-wire";
import { MockGraph } from "./mock-graph";
import { loadAverage, nproc, runMain, teardownGuard } from "./proc";
import { fmtCount, fmtRate } from "./stats";

const USAGE = `npm run drill -- [options]
  --quick               CI form: shorter loads and outages, leases of killed work ended instead of waited out
  --drill NAME          kill-9 | provider-outage | pg-restart | two-instances (repeat or comma-separate; default all)
  --rate N              messages per second (default: half of what a closed-loop probe measures, at most 500; quick at most 100)
  --system-db           use DATABASE_URL's server instead of a private throwaway cluster (pg-restart is then skipped)
  --app-dir DIR         the Tickflow checkout to start (default: this repository)
  --build               run next build even if .next/BUILD_ID exists
  --keep-db             keep the database, the private cluster and the app logs (paths printed)
  --app-env K=V         extra environment for next start (repeatable)`;

const BENCH_DIR = __dirname;
const REPO_DIR = path.resolve(BENCH_DIR, "..");
const NUMBER: BusinessNumber = { phoneNumberId: "109876543210987", displayPhoneNumber: "15550101234", wabaId: "102290129340398" };
const ACCESS_TOKEN = "bench-token";
const ORDER: DrillName[] = ["kill-9", "provider-outage", "pg-restart", "two-instances"];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parse() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      drill: { type: "string", multiple: true },
      rate: { type: "string" },
      "system-db": { type: "boolean", default: false },
      "app-dir": { type: "string", default: REPO_DIR },
      build: { type: "boolean", default: false },
      "keep-db": { type: "boolean", default: false },
      "app-env": { type: "string", multiple: true },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const names = (values.drill ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(n in DRILLS)) throw new Error(`unknown drill "${n}" (${ORDER.join(", ")})`);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 1 && rate <= 5_000)) throw new Error("--rate must be a number in [1, 5000]");
  const appEnv: Record<string, string> = {};
  for (const kv of values["app-env"] ?? []) {
    const i = kv.indexOf("=");
    if (i <= 0) throw new Error(`--app-env expects KEY=VALUE, got "${kv}"`);
    appEnv[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return {
    quick: values.quick,
    drills: names.length ? ORDER.filter((n) => names.includes(n)) : ORDER,
    rate,
    systemDb: values["system-db"],
    appDir: path.resolve(values["app-dir"]),
    build: values.build,
    keepDb: values["keep-db"],
    appEnv,
  };
}

/** Closed loop for a few seconds: what the app answers per second here, now. */
async function probeRate(driver: Driver, env: Pick<DrillEnv, "number" | "appSecret" | "primary">, quick: boolean): Promise<ScenarioResult> {
  return driver.run(
    { name: "probe", title: "probe", kind: "closed", inFlight: 32, messages: quick ? 400 : 2_000, maxWallS: quick ? 8 : 20, drainS: 10, replyTimeoutS: 10, mock: {} },
    { label: "tickflow", webhookUrl: env.primary.webhookUrl, number: env.number, appSecret: env.appSecret, cpuPid: env.primary.app.pid },
  );
}

function printReport(r: DrillReport): void {
  const verdict = r.status === "pass" ? "PASS" : r.status === "fail" ? "FAIL" : "SKIPPED";
  console.log(`\n── ${r.name}: ${r.title} — ${verdict} (${r.seconds.toFixed(0)} s)`);
  const x = r.result;
  if (x) {
    const refusals = [
      ...Object.entries(x.refusals).filter(([k]) => k !== "0"),
      ...Object.entries(x.networkErrors).map(([code, n]) => [`network error ${code}`, n] as const),
    ]
      .map(([k, n]) => `${fmtCount(n)} × ${k}`)
      .join(", ");
    console.log(
      `  sent ${fmtCount(x.sent)}  acked ${fmtCount(x.acked)}  replied ${fmtCount(x.replies)}  lost ${fmtCount(x.lost)}  duplicated ${fmtCount(x.duplicated)}  wrong ${fmtCount(x.wrong)}` +
        `  (never acked ${fmtCount(x.unacked)}; webhook retries ${fmtCount(x.retried)}${refusals ? `: ${refusals}` : ""})`,
    );
  }
  for (const [k, v] of r.figures) console.log(`  ${k}: ${v}`);
  for (const f of r.failures) console.log(`  ✗ ${f}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}

function summaryTable(reports: DrillReport[]): string {
  const head = ["drill", "result", "sent", "acked", "replied", "lost", "dup", "wrong", "time"];
  const rows = reports.map((r) => [
    r.name,
    r.status.toUpperCase(),
    ...(r.result ? [r.result.sent, r.result.acked, r.result.replies, r.result.lost, r.result.duplicated, r.result.wrong].map(fmtCount) : ["–", "–", "–", "–", "–", "–"]),
    `${r.seconds.toFixed(0)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  const opts = parse();
  const began = Date.now();
  const { cleanups, cleanup } = teardownGuard(log, (opts.quick ? 6 : 40) * 60_000, "the drills");

  try {
    log(`drills: ${opts.drills.join(", ")}${opts.quick ? " (--quick)" : ""}; ${nproc()} CPUs, load ${loadAverage()}`);
    ensureBuild(opts.appDir, opts.build, log);

    // The database server: a private cluster the pg-restart drill may stop, else DATABASE_URL's.
    let cluster: PrivateCluster | null = null;
    let clusterNote = "--system-db";
    let serverUrl = process.env.DATABASE_URL;
    if (!opts.systemDb) {
      const attempt = await createPrivateCluster(log);
      if (attempt.ok) {
        cluster = attempt.cluster;
        serverUrl = cluster.url;
        cleanups.push(() => (opts.keepDb ? log(`kept the private cluster: ${cluster!.dir} (${cluster!.url})`) : cluster!.destroy()));
      } else {
        clusterNote = `could not create a private cluster: ${attempt.reason}`;
        log(`${clusterNote}; using DATABASE_URL`);
      }
    }
    if (!serverUrl) throw new Error(`no PostgreSQL server: ${clusterNote}, and DATABASE_URL is not set`);
    const host = new URL(serverUrl).hostname;
    if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`the database server must be on this machine (loopback), not ${host}`);
    const dbName = `tickflow_drill_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${randomBytes(3).toString("hex")}`;
    const database = await createDatabase(serverUrl, dbName);
    log(`database ${dbName} created`);
    cleanups.push(async () => {
      if (opts.keepDb) return log(`kept database ${dbName}: ${database.url}`);
      await database.drop();
    });

    const texts = loadDemoTexts(opts.appDir);
    const mock = new MockGraph();
    await mock.listen(0);
    cleanups.push(() => mock.close());
    const driver = new Driver(mock, texts);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-drill-"));
    cleanups.push(() => {
      if (opts.keepDb) log(`kept the app logs in ${dataDir}`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const admin = { email: "drill-owner@example.com", password: randomBytes(12).toString("hex") };
    const launch: AppLaunch = { appDir: opts.appDir, databaseUrl: database.url, dataDir, adminEmail: admin.email, adminPassword: admin.password, extraEnv: opts.appEnv };
    log("starting next start…");
    const first = await startApp(launch);
    const instances: Instance[] = [];
    const primary = new Instance(first, { ...launch, encryptionKey: first.encryptionKey });
    instances.push(primary);
    cleanups.push(() => Promise.all(instances.map((i) => i.stop())).then(() => undefined));
    log(`Tickflow on ${primary.baseUrl} (pid ${primary.app.pid}, logs in ${dataDir})`);

    const token = await createApiToken(primary.baseUrl, admin.email, admin.password);
    const appSecret = randomBytes(16).toString("hex");
    const setup = await provision(
      primary.baseUrl,
      token,
      { phoneNumberId: NUMBER.phoneNumberId, displayPhoneNumber: NUMBER.displayPhoneNumber, accessToken: ACCESS_TOKEN, appSecret, verifyToken: randomBytes(8).toString("hex"), apiBaseUrl: mock.url, apiVersion: "v23.0", rateLimitPerSecond: 10_000 },
      path.join(opts.appDir, "examples/flows/demo.json"),
    );
    mock.register({ ...NUMBER, accessToken: ACCESS_TOKEN, appSecret, webhookUrl: primary.webhookUrl });
    log(`Meta channel ${setup.channelId}, demo flow v${setup.flowVersion} published; mock Graph API on ${mock.url}`);
    const db = new DrillDb(database.url, setup.channelId);
    cleanups.push(() => db.close());

    const cap = opts.quick ? 100 : 500;
    let rate = opts.rate;
    let capacity: number | undefined;
    if (rate === undefined) {
      const probe = await probeRate(driver, { number: NUMBER, appSecret, primary }, opts.quick);
      capacity = probe.repliesPerS;
      rate = Math.max(5, Math.min(cap, Math.floor(probe.repliesPerS * 0.5)));
      log(`probe: ${fmtRate(probe.repliesPerS)} replies/s closed-loop (32 in flight) → drills at ${rate} msg/s (half of it, at most ${cap})`);
      const quiet = await db.waitQuiet(30_000);
      if (!quiet.quiet) log("  (the probe's work had not settled after 30 s)");
    }

    const env: DrillEnv = {
      quick: opts.quick,
      rate,
      capacity,
      mock,
      driver,
      db,
      number: NUMBER,
      appSecret,
      primary,
      cluster,
      clusterNote,
      log,
      startInstance: async (logName) => {
        const app = await startApp({ ...launch, encryptionKey: first.encryptionKey, logName });
        const instance = new Instance(app, { ...launch, encryptionKey: first.encryptionKey, logName });
        instances.push(instance);
        return instance;
      },
    };

    const reports: DrillReport[] = [];
    for (const name of opts.drills) {
      if (!(await primary.healthy())) {
        log(`the app is not healthy before ${name}: restarting it`);
        await primary.stop();
        await primary.restart();
      }
      log(`\n${name} at ${rate} msg/s…`);
      const report = await DRILLS[name](env);
      reports.push(report);
      printReport(report);
    }

    const appLog = summarizeAppLog(first.logFile);
    console.log(`\n${summaryTable(reports)}\n`);
    console.log(`rate ${rate} msg/s${opts.rate === undefined ? " (from the probe)" : ""}; database ${cluster ? `private cluster (${cluster.version})` : "DATABASE_URL's server"}; ${((Date.now() - began) / 1000).toFixed(0)} s in all; load ${loadAverage()}`);
    if (appLog.errors + appLog.warnings > 0) {
      console.log(`the first instance logged ${appLog.errors} error(s) and ${appLog.warnings} warning(s); first distinct ones:`);
      for (const s of appLog.samples) console.log(`  ${s}`);
    }
    return reports.some((r) => r.status === "fail") ? 1 : 0;
  } finally {
    await cleanup();
  }
}

runMain("drill", main, log);
