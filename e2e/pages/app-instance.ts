import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Another `next start` of the same build, for tests that restart a server or run two
 * instances on one database. Started in its own process group so stopping it stops
 * everything it spawned.
 */
export interface AppInstance {
  url: string;
  port: number;
  logs: string[];
  stop(): Promise<void>;
  /** After stop(): true when SIGTERM sufficed (open live streams did not hold the shutdown). */
  readonly stoppedGracefully: boolean;
}

export { freePort } from "../../bench/proc";

async function waitForHealth(url: string, child: ChildProcess, logs: string[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}:\n${logs.join("")}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`instance at ${url} not healthy within ${timeoutMs / 1000}s:\n${logs.join("")}`);
}

export async function startInstance(port: number, env: Record<string, string>, timeoutMs = 90_000): Promise<AppInstance> {
  const url = `http://localhost:${port}`;
  const logs: string[] = [];
  const child = spawn(process.execPath, ["server.mjs", "-p", String(port)], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => logs.push(d.toString()));
  await waitForHealth(url, child, logs, timeoutMs);
  let stoppedGracefully = false;
  return {
    url,
    port,
    logs,
    async stop() {
      const signal = (sig: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          /* gone */
        }
      };
      signal("SIGTERM");
      // Wait for the server itself (npx exits first): the port closed and, on the embedded
      // database, its lock released. A server that does not stop in 10 s is killed.
      const pidFile = env.DATA_DIR && !env.DATABASE_URL ? path.join(env.DATA_DIR, "pglite.pid") : null;
      const started = Date.now();
      let killed = false;
      for (;;) {
        const up = await fetch(`${url}/api/health`).then(
          () => true,
          () => false,
        );
        if (!up && !(pidFile && fs.existsSync(pidFile))) break;
        if (!killed && Date.now() - started > 10_000) {
          logs.push("[test] the server did not stop within 10 s of SIGTERM; killing it\n");
          signal("SIGKILL");
          killed = true;
          if (pidFile) fs.rmSync(pidFile, { force: true });
        }
        if (Date.now() - started > 20_000) throw new Error(`instance at ${url} would not stop:\n${logs.join("")}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      stoppedGracefully = !killed;
    },
    get stoppedGracefully() {
      return stoppedGracefully;
    },
  };
}
