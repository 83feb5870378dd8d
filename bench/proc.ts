import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";

/** Linux clock ticks per second for /proc/<pid>/stat (getconf CLK_TCK; 100 everywhere we run). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime in ticks. */
  ticks: number;
}

function readStat(pid: string): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    // Fields after "comm)": state(3) ppid(4) … utime(14) stime(15).
    const rest = text.slice(close + 2).split(" ");
    return { pid: Number(pid), ppid: Number(rest[1]), comm, ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids.map(readStat).filter((s): s is ProcStat => s !== null);
}

/** CPU seconds (user + system) used so far by a process and all its live descendants. */
export function treeCpuSeconds(rootPid: number): number {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return NaN;
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const s = stack.pop()!;
    ticks += s.ticks;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return ticks / CLK_TCK;
}

/** CPU seconds of every process named "postgres" visible here (the server and all its backends, every client's). */
export function postgresCpuSeconds(): number {
  const ticks = allStats()
    .filter((s) => s.comm === "postgres" || s.comm.startsWith("postgres:"))
    .reduce((sum, s) => sum + s.ticks, 0);
  return ticks / CLK_TCK;
}

export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

export function cpuModel(): string {
  return os.cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown";
}

export function nproc(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/**
 * Spawns a child in its own process group so the whole tree (npm → next → next-server)
 * can be stopped by its id. Output goes to a log file; the tail is shown on failure.
 */
export function spawnLogged(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): ChildProcess {
  const out = fs.openSync(options.logFile, "a");
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  return child;
}

/** SIGTERM the child's process group, SIGKILL what is left after a grace period. */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const waitGone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  };
  if (!alive()) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  await waitGone(graceMs);
  if (!alive()) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    return;
  }
  await waitGone(2_000);
}

/** Processes in a process group: pid and command name (from /proc/<pid>/stat). */
export function processGroupMembers(pgid: number): { pid: number; comm: string }[] {
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  const out: { pid: number; comm: string }[] = [];
  for (const pid of pids) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = text.lastIndexOf(")");
      // After "comm)": state(3) ppid(4) pgrp(5).
      const rest = text.slice(close + 2).split(" ");
      if (Number(rest[2]) === pgid) out.push({ pid: Number(pid), comm: text.slice(text.indexOf("(") + 1, close) });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/**
 * SIGKILL a whole process group at once (a crash: no shutdown handler runs) and wait until
 * every member is gone. Returns the members that were killed.
 */
export async function killGroup(pgid: number, waitMs = 10_000): Promise<{ pid: number; comm: string }[]> {
  const members = processGroupMembers(pgid);
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    return members;
  }
  const deadline = Date.now() + waitMs;
  while (processGroupMembers(pgid).some((m) => fs.existsSync(`/proc/${m.pid}`) && !isZombie(m.pid)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return members;
}

function isZombie(pid: number): boolean {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * A bench or drill run's teardown: `cleanups` run once, last added first, at the end
 * (`cleanup()`), on Ctrl-C / SIGTERM, or when the run passes `limitMs`, so a run always
 * stops by itself and leaves no database, cluster or process behind.
 */
export function teardownGuard(log: (line: string) => void, limitMs: number, what: string) {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          log(`cleanup: ${(err as Error).message}`);
        }
      }
    })());
  const abort = (why: string, code: number) => {
    log(`\n${why}: stopping…`);
    void cleanup().then(() => process.exit(code));
  };
  process.on("SIGINT", () => abort("interrupted", 130));
  process.on("SIGTERM", () => abort("terminated", 143));
  setTimeout(() => abort(`${what} exceeded ${limitMs / 60_000} minutes`, 3), limitMs).unref();
  return { cleanups, cleanup };
}

/** Runs a command-line entry point: exits with its code, or prints the crash and exits 2 (the harness failed). */
export function runMain(name: string, main: () => Promise<number>, log: (line: string) => void): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      log(`${name}: ${(err as Error).stack ?? String(err)}`);
      process.exit(2);
    },
  );
}
