import fs from "node:fs";
import path from "node:path";
import type { ScenarioResult, ScenarioSpec, Target } from "./driver";
import { fmtCount, fmtMs, fmtRate, median } from "./stats";

export interface MachineInfo {
  date: string;
  nproc: number;
  cpu: string;
  node: string;
  postgres: string;
  next: string;
  appDir: string;
  appCommit: string;
  loadBefore: string;
  loadAfter: string;
  mode: string;
  runs: number;
  command: string;
}

/** Every run of one scenario against one target folded into one row: medians, and totals for the error counts. */
export interface Row {
  scenario: string;
  target: Target["label"];
  runs: number;
  sent: number;
  ackP50: number;
  ackP99: number;
  acksPerS: number;
  e2eP50: number;
  e2eP99: number;
  repliesPerS: number;
  lost: number;
  duplicated: number;
  wrong: number;
  unacked: number;
  appCpuMsPerMsg: number;
  results: ScenarioResult[];
}

export function foldRuns(results: ScenarioResult[]): Row {
  const m = (pick: (r: ScenarioResult) => number) => median(results.map(pick));
  const sum = (pick: (r: ScenarioResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  const first = results[0]!;
  return {
    scenario: first.scenario,
    target: first.target,
    runs: results.length,
    sent: m((r) => r.sent),
    ackP50: m((r) => r.ackP50),
    ackP99: m((r) => r.ackP99),
    acksPerS: m((r) => r.acksPerS),
    e2eP50: m((r) => r.e2eP50),
    e2eP99: m((r) => r.e2eP99),
    repliesPerS: m((r) => r.repliesPerS),
    lost: sum((r) => r.lost),
    duplicated: sum((r) => r.duplicated),
    wrong: sum((r) => r.wrong),
    unacked: sum((r) => r.unacked),
    appCpuMsPerMsg: m((r) => r.appCpuMsPerMsg),
    results,
  };
}

function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "–";
  const r = a / b;
  return `×${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}`;
}

const HEADER = "| Scenario | Server | Messages | Ack p50 | Ack p99 | Acks/s | E2E p50 | E2E p99 | Replies/s | Lost | Dup | Wrong | App CPU/msg |";
const RULE = "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

function rowLine(title: string, r: Row): string {
  const label = r.target === "tickflow" ? "**Tickflow**" : "baseline";
  const cells = [
    title,
    label,
    fmtCount(r.sent),
    fmtMs(r.ackP50),
    fmtMs(r.ackP99),
    fmtRate(r.acksPerS),
    fmtMs(r.e2eP50),
    fmtMs(r.e2eP99),
    fmtRate(r.repliesPerS),
    fmtCount(r.lost + r.unacked),
    fmtCount(r.duplicated),
    fmtCount(r.wrong),
    fmtMs(r.appCpuMsPerMsg),
  ];
  return `| ${cells.join(" | ")} |`;
}

function ratioLine(app: Row, base: Row): string {
  const cells = [
    "",
    "Tickflow ÷ baseline",
    "",
    ratio(app.ackP50, base.ackP50),
    ratio(app.ackP99, base.ackP99),
    ratio(app.acksPerS, base.acksPerS),
    ratio(app.e2eP50, base.e2eP50),
    ratio(app.e2eP99, base.e2eP99),
    ratio(app.repliesPerS, base.repliesPerS),
    "",
    "",
    "",
    ratio(app.appCpuMsPerMsg, base.appCpuMsPerMsg),
  ];
  return `| ${cells.join(" | ")} |`;
}

/** The main table: per scenario the Tickflow row, the baseline row and their ratio. */
export function resultsTable(specs: ScenarioSpec[], rows: Row[]): string {
  const lines = [HEADER, RULE];
  for (const spec of specs) {
    const app = rows.find((r) => r.scenario === spec.name && r.target === "tickflow");
    const base = rows.find((r) => r.scenario === spec.name && r.target === "baseline");
    if (app) lines.push(rowLine(spec.name, app));
    if (base) lines.push(rowLine(app ? "" : spec.name, base));
    if (app && base) lines.push(ratioLine(app, base));
  }
  return lines.join("\n");
}

export interface TargetCheck {
  name: string;
  tickflow: string;
  baseline: string;
  pass: boolean | null;
}

function check(rows: Row[], target: Target["label"], scenario: string, pick: (r: Row) => number, ok: (v: number) => boolean, fmt: (v: number) => string): { text: string; pass: boolean | null } {
  const row = rows.find((r) => r.scenario === scenario && r.target === target);
  if (!row) return { text: "not run", pass: null };
  const v = pick(row);
  const pass = Number.isFinite(v) && ok(v);
  return { text: `${pass ? "PASS" : "FAIL"} (${fmt(v)})`, pass };
}

/** Issue 7's targets, for Tickflow (what counts) and for the baseline (a sanity check of the harness). */
export function targetChecks(rows: Row[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const add = (name: string, f: (t: Target["label"]) => { text: string; pass: boolean | null }) => {
    const app = f("tickflow");
    out.push({ name, tickflow: app.text, baseline: f("baseline").text, pass: app.pass });
  };
  add("≥ 1,000 replies/s, closed loop", (t) => check(rows, t, "closed-loop", (r) => r.repliesPerS, (v) => v >= 1000, (v) => `${fmtRate(v)}/s`));
  add("ack p99 ≤ 25 ms at 500 msg/s", (t) => check(rows, t, "fixed-rate", (r) => r.ackP99, (v) => v <= 25, fmtMs));
  add("end-to-end p99 ≤ 50 ms at 500 msg/s", (t) => check(rows, t, "fixed-rate", (r) => r.e2eP99, (v) => v <= 50, fmtMs));
  add("0 lost, 0 duplicated, 0 wrong (every scenario, every run)", (t) => {
    const mine = rows.filter((r) => r.target === t);
    if (mine.length === 0) return { text: "not run", pass: null };
    const lost = mine.reduce((s, r) => s + r.lost + r.unacked, 0);
    const dup = mine.reduce((s, r) => s + r.duplicated, 0);
    const wrong = mine.reduce((s, r) => s + r.wrong, 0);
    const pass = lost === 0 && dup === 0 && wrong === 0;
    return { text: `${pass ? "PASS" : "FAIL"} (${fmtCount(lost)} / ${fmtCount(dup)} / ${fmtCount(wrong)})`, pass };
  });
  return out;
}

export function targetsTable(checks: TargetCheck[]): string {
  return ["| Target | Tickflow | baseline (harness check) |", "| --- | --- | --- |", ...checks.map((c) => `| ${c.name} | ${c.tickflow} | ${c.baseline} |`)].join("\n");
}

function details(specs: ScenarioSpec[], rows: Row[]): string {
  const out: string[] = [];
  for (const spec of specs) {
    const mine = rows.filter((r) => r.scenario === spec.name);
    if (mine.length === 0) continue;
    out.push(`**${spec.name}** — ${spec.title}`, "");
    for (const row of mine) {
      row.results.forEach((r, i) => {
        const run = row.results.length > 1 ? ` run ${i + 1}` : "";
        const parts = [
          `sent ${fmtCount(r.sent)} in ${r.sendSeconds.toFixed(1)} s`,
          `acked ${fmtCount(r.acked)}`,
          r.unacked ? `unacked ${fmtCount(r.unacked)}` : "",
          r.retried ? `webhook retries ${fmtCount(r.retried)}` : "",
          r.redelivered ? `redelivered ${fmtCount(r.redelivered)}` : "",
          `replies ${fmtCount(r.replies)}`,
          `lost ${fmtCount(r.lost)}${r.lateReplies ? ` (${fmtCount(r.lateReplies)} of them answered late)` : ""}`,
          `app ${r.appCores.toFixed(2)} cores`,
          `PostgreSQL ${fmtMs(r.dbCpuMsPerMsg)} CPU/msg`,
          `driver+mock ${r.driverCores.toFixed(2)} cores`,
          r.statusPosts ? `status webhooks ${fmtCount(r.statusPosts)} (errors ${fmtCount(r.statusErrors)}, ack p99 ${fmtMs(r.statusAckP99)})` : "",
          `mock: ${fmtCount(r.mock.accepted)} accepted, ${fmtCount(r.mock.failed500)}×500, ${fmtCount(r.mock.timedOut)} held, ${fmtCount(r.mock.markRead)} mark-read, ${fmtCount(r.mock.unauthorized + r.mock.badRequests)} refused`,
        ].filter(Boolean);
        out.push(`- ${r.target}${run}: ${parts.join("; ")}${r.stoppedEarly ? ` — **${r.stoppedEarly}**` : ""}${r.startNote ? ` — ${r.startNote}` : ""}`);
        for (const w of r.wrongSamples) out.push(`  - wrong: ${w}`);
      });
    }
    out.push("");
  }
  return out.join("\n");
}

export function renderReport(info: MachineInfo, specs: ScenarioSpec[], rows: Row[], checks: TargetCheck[], notes: string[]): string {
  const runsNote = info.runs > 1 ? `Figures are the median of ${info.runs} runs; lost, duplicated and wrong are totals over all runs.` : "One run per scenario.";
  return [
    `# Tickflow benchmark — ${info.date}`,
    "",
    `${info.mode}. ${runsNote} Lost counts acked messages without a reply within the drain time plus webhooks never acked. Latencies from the (intended) send of the webhook: ack = its HTTP 200, E2E = the reply arriving at the mock Graph API. App CPU/msg = user+system CPU of the server's process tree ÷ inbound messages.`,
    "",
    resultsTable(specs, rows),
    "",
    "## Targets",
    "",
    targetsTable(checks),
    "",
    "## Machine",
    "",
    `- ${info.nproc} CPUs (${info.cpu}), Node ${info.node}, PostgreSQL ${info.postgres}, Next.js ${info.next}`,
    `- App: ${info.appDir} @ ${info.appCommit}`,
    `- Load average before ${info.loadBefore}, after ${info.loadAfter} (driver, mock, server and PostgreSQL share these CPUs)`,
    `- Command: \`${info.command}\``,
    "",
    ...(notes.length ? ["## Notes", "", ...notes.map((n) => `- ${n}`), ""] : []),
    "## Details",
    "",
    details(specs, rows),
  ].join("\n");
}

export function writeResults(dir: string, markdown: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  const stem = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
  let file = path.join(dir, `${stem}.md`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${stem}-${i}.md`);
  fs.writeFileSync(file, markdown);
  return file;
}

const START = "<!-- bench:latest -->";
const END = "<!-- /bench:latest -->";

/** Replaces the block between the markers in bench/README.md with the latest table. */
export function updateReadme(readme: string, resultFile: string, info: MachineInfo, table: string, targets: string): boolean {
  if (!fs.existsSync(readme)) return false;
  const text = fs.readFileSync(readme, "utf8");
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  const rel = path.relative(path.dirname(readme), resultFile);
  const block = [
    START,
    `Latest full run: [${path.basename(resultFile)}](${rel}) — ${info.nproc} CPUs, Node ${info.node}, PostgreSQL ${info.postgres}, app @ ${info.appCommit}, load average before ${info.loadBefore}.`,
    "",
    table,
    "",
    targets,
    END,
  ].join("\n");
  fs.writeFileSync(readme, text.slice(0, a) + block + text.slice(b + END.length));
  return true;
}
