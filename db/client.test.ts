import { describe, expect, it } from "vitest";
import { reconnectBackoff } from "./client";

describe("reconnectBackoff", () => {
  it("grows from 25–50 ms and never waits more than a second, however long the outage", () => {
    expect(reconnectBackoff(0)).toBeGreaterThanOrEqual(0.025);
    expect(reconnectBackoff(0)).toBeLessThanOrEqual(0.05);
    for (const retries of [1, 3, 5, 8, 20, 100, 10_000]) {
      const s = reconnectBackoff(retries);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    // postgres.js's default would be 20 s (3^n / 100, capped) from the 7th failed connection on.
    expect(reconnectBackoff(7)).toBeGreaterThanOrEqual(0.5);
  });
});
