import { env, EnvError } from "./env";

/**
 * Server start: validate the environment (stop with one line naming a bad variable),
 * migrate the database, create what a fresh install needs. A failure stops the process,
 * so a half-started instance never answers requests.
 */
export async function startServer(): Promise<void> {
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`Tickflow cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const { bootstrap } = await import("./bootstrap");
  try {
    await bootstrap();
  } catch (err) {
    console.error(`Tickflow cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  await registerLeanIntake();
}

/**
 * What server.mjs (the production server) needs from inside the build: the webhook
 * handler on plain node:http, and a drain for shutdown. Registered once bootstrap is
 * done; until then webhooks take the Next route, which answers the same.
 */
export interface LeanIntake {
  webhookProvider(url: string | undefined): string | null;
  handleWebhook(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, provider: string): Promise<void>;
  /** Waits (bounded) for work running after answers, so a stop loses no time to the sweeper. */
  drain(timeoutMs: number): Promise<void>;
}

async function registerLeanIntake() {
  const [{ handleWebhookNode, webhookProvider }, { whenIdle }] = await Promise.all([import("./messaging/webhook-node"), import("./messaging/background")]);
  const lean: LeanIntake = {
    webhookProvider,
    handleWebhook: handleWebhookNode,
    drain: (timeoutMs) => whenIdle(timeoutMs).catch(() => {}),
  };
  (globalThis as unknown as { __tickflowLeanIntake?: LeanIntake }).__tickflowLeanIntake = lean;
}
