import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./proc";

/**
 * A throwaway PostgreSQL cluster for the drills: `initdb` in a temporary folder, started
 * with `pg_ctl` on a free loopback port, so the pg-restart drill can stop and start a real
 * server without touching the machine's own cluster (other tests may be using it).
 *
 * Needs PostgreSQL's server binaries (PG_BIN, `pg_config --bindir`, or the newest
 * /usr/lib/postgresql/<n>/bin). PostgreSQL refuses to run as root: as root the commands
 * run as the `postgres` user (`su postgres`), otherwise as the current user.
 */
export interface PrivateCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  url: string;
  port: number;
  dir: string;
  binDir: string;
  version: string;
  /**
   * Stops the server: "fast" disconnects clients and rolls back their transactions;
   * "immediate" is a crash. Asynchronous, so the caller's own servers (the mock Graph API,
   * the webhook driver) keep running while PostgreSQL shuts down, as they would in life.
   */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** The server log's lines written since `fromByte` (a size taken earlier with logSize()). */
  logSince(fromByte: number): string;
  logSize(): number;
  /** Stops and removes the cluster (best effort). */
  destroy(): void;
}

export type ClusterAttempt = { ok: true; cluster: PrivateCluster } | { ok: false; reason: string };

function findBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    /* no pg_config on PATH */
  }
  try {
    const versions = fs
      .readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  } catch {
    /* not Debian's layout */
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) ?? null;
}

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export async function createPrivateCluster(log: (line: string) => void): Promise<ClusterAttempt> {
  const binDir = findBinDir();
  if (!binDir) return { ok: false, reason: "no PostgreSQL server binaries found (set PG_BIN to the folder holding initdb and pg_ctl)" };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  let uid: number | undefined;
  let gid: number | undefined;
  if (isRoot) {
    try {
      uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    } catch {
      return { ok: false, reason: "running as root and there is no postgres user to run initdb as" };
    }
  }
  const run = (bin: string, args: string[], timeoutMs = 60_000) => {
    const file = path.join(binDir, bin);
    const result = isRoot
      ? spawnSync("su", ["postgres", "-s", "/bin/sh", "-c", [file, ...args].map(shellQuote).join(" ")], { encoding: "utf8", timeout: timeoutMs })
      : spawnSync(file, args, { encoding: "utf8", timeout: timeoutMs });
    if (result.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || String(result.error ?? "")).trim().slice(-600)}`);
    return result.stdout;
  };
  const runAsync = (bin: string, args: string[], timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const file = path.join(binDir, bin);
      const child = isRoot
        ? spawn("su", ["postgres", "-s", "/bin/sh", "-c", [file, ...args].map(shellQuote).join(" ")], { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs })
        : spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(" ")} failed (${code ?? signal}): ${output.trim().slice(-600)}`)),
      );
    });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-drill-pg-"));
  const dir = path.join(root, "data");
  if (isRoot) fs.chownSync(root, uid!, gid!);
  const port = await freePort();
  const cleanupFolder = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    run("initdb", ["-D", dir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  } catch (err) {
    cleanupFolder();
    return { ok: false, reason: (err as Error).message };
  }
  const logFile = path.join(root, "postgres.log");
  // Loopback TCP only, the socket in the cluster's own folder; fsync off: a throwaway cluster.
  // Connections are logged so a slow shutdown in the pg-restart drill can be explained.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c fsync=off -c max_connections=200 -c shared_buffers=64MB -c log_connections=on -c log_disconnections=on -c log_line_prefix='%m [%p] %b '`;
  const version = (() => {
    try {
      return run("postgres", ["--version"]).trim();
    } catch {
      return "unknown";
    }
  })();
  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    binDir,
    version,
    stop: (mode = "fast") => runAsync("pg_ctl", ["-D", dir, "-m", mode, "-w", "-t", "60", "stop"]),
    start: () => runAsync("pg_ctl", ["-D", dir, "-l", logFile, "-w", "-t", "60", "-o", options, "start"]),
    logSize: () => {
      try {
        return fs.statSync(logFile).size;
      } catch {
        return 0;
      }
    },
    logSince: (fromByte) => {
      try {
        return fs.readFileSync(logFile).subarray(fromByte).toString("utf8");
      } catch {
        return "";
      }
    },
    destroy: () => {
      try {
        run("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "-t", "30", "stop"]);
      } catch {
        /* not running */
      }
      cleanupFolder();
    },
  };
  try {
    run("pg_ctl", ["-D", dir, "-l", logFile, "-w", "-t", "60", "-o", options, "start"]);
  } catch (err) {
    cleanupFolder();
    return { ok: false, reason: (err as Error).message };
  }
  log(`private PostgreSQL cluster on 127.0.0.1:${port} (${version}, ${dir})`);
  return { ok: true, cluster };
}
