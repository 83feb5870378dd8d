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
}
