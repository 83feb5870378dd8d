import { parentPort } from "node:worker_threads";
import { dbHandle } from "@/db";
import { env } from "@/lib/env";
import { childLog } from "@/lib/log";
import { startJobRunner, stopJobRunner } from "@/lib/flow/runtime/jobs";
import { flowBotRunner } from "@/lib/flow/runtime/runner";
import { background, whenIdle } from "./background";
import { setBotRunner } from "./bot";
import { processEvents, rememberEvents } from "./process";
import { startSweeper, stopSweeper } from "./sweeper";
import type { ToWorker, FromWorker } from "./worker-protocol";

/**
 * The processing worker's entry: a thread of the server process (server.mjs starts it on
 * PostgreSQL) that runs the whole pipeline after the 200 — processing webhook events
 * (the flow engine included), sending replies, the sweeper and the job runner — on its
 * own event loop and its own database pools. The main thread then only answers HTTP:
 * the webhooks' acknowledgements no longer wait behind bot turns and provider calls.
 *
 * It is built apart from Next's bundle (scripts/build-worker.mjs, run by `npm run build`)
 * and behaves like a second instance on the same database, which the pipeline already
 * supports: exactly-once gates, leases and advisory locks hold across threads as they do
 * across processes. The main thread hands over the events it stored (their ids, and the
 * parsed events so they are not read back); anything lost in between — a crash — is the
 * sweeper's, as always.
 */
const log = childLog("worker");

function send(message: FromWorker): void {
  parentPort!.postMessage(message);
}

async function main(): Promise<void> {
  if (!parentPort) throw new Error("processing-worker runs as a worker thread of server.mjs");
  // As Next does on the main thread: an error nothing caught is logged and the thread
  // goes on (a worker's default is to die, taking the server with it). Seen in the
  // pg-restart drill: postgres.js 3.4.9 throws from a write it scheduled just before its
  // connection closed (porsager/postgres#1154, #1208, unfixed upstream); that query has
  // already failed, and the pipeline retries what it was doing.
  process.on("uncaughtException", (err) => log.error({ err }, "uncaught exception in the processing worker"));
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled rejection in the processing worker"));
  env();
  await dbHandle();
  setBotRunner(flowBotRunner);
  startSweeper();
  startJobRunner();
  parentPort.on("message", (message: ToWorker) => {
    if (message.type === "events") {
      rememberEvents(message.events);
      background("webhook processing", () => processEvents(message.ids));
    } else if (message.type === "drain") {
      // Shutdown: take no new work (a crash's leftovers are the next instance's), finish what runs.
      stopSweeper();
      stopJobRunner();
      void whenIdle(message.timeoutMs)
        .catch(() => {})
        .then(() => send({ type: "drained" }));
    }
  });
  send({ type: "ready" });
}

main().catch((err) => {
  log.error({ err }, "processing worker could not start");
  send({ type: "failed", error: err instanceof Error ? err.message : String(err) });
});
