import { describe, expect, it } from "vitest";
import { track, whenIdle } from "./background";

describe("whenIdle", () => {
  it("resolves once tracked work is done", async () => {
    let done = false;
    void track(new Promise((r) => setTimeout(r, 20)).then(() => (done = true)));
    await whenIdle(1_000);
    expect(done).toBe(true);
  });

  it("gives up at its timeout even when a task never settles (a shutdown must not hang on it)", async () => {
    let settle = () => {};
    void track(new Promise<void>((r) => (settle = r)));
    const started = Date.now();
    await expect(whenIdle(100)).rejects.toThrow("background work still running after 100 ms");
    expect(Date.now() - started).toBeLessThan(1_000);
    settle(); // not to leave it to other tests of this process
  });
});
