import pino, { type Logger } from "pino";
import pretty from "pino-pretty";

/**
 * Structured logs: pretty and coloured in development, one JSON object per line in
 * production (LOG_FORMAT overrides). Read LOG_* directly so logging works even when the
 * rest of the environment is invalid and we are about to say so.
 */
function build(): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");
  const format = process.env.LOG_FORMAT ?? (process.env.NODE_ENV === "production" ? "json" : "pretty");
  const options = { level, base: { app: "tickflow" }, redact: ["req.headers.authorization", "req.headers.cookie"] };
  if (format === "pretty") {
    return pino(options, pretty({ colorize: true, ignore: "pid,hostname,app", translateTime: "HH:MM:ss.l", sync: true }));
  }
  return pino(options);
}

const cache = globalThis as unknown as { __tickflowLog?: Logger };
export const log: Logger = (cache.__tickflowLog ??= build());

export function childLog(scope: string): Logger {
  return log.child({ scope });
}
