import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";
import { TokenBucket } from "./rate-limiter";

describe("token bucket", () => {
  it("allows a burst up to capacity, then one token per 1/rate seconds, first come first served", () => {
    let now = 0;
    const bucket = new TokenBucket(80, 80, () => now);
    const waits = Array.from({ length: 82 }, () => bucket.reserve());
    expect(waits.slice(0, 80).every((w) => w === 0)).toBe(true);
    expect(waits[80]).toBeCloseTo(12.5);
    expect(waits[81]).toBeCloseTo(25);
    now = 1000; // a second later the bucket has refilled (minus the two borrowed tokens)
    const after = Array.from({ length: 78 }, () => bucket.reserve());
    expect(after.every((w) => w === 0)).toBe(true);
    expect(bucket.reserve()).toBeCloseTo(12.5);
  });

  it("holds 80 msg/s over time", () => {
    let now = 0;
    const bucket = new TokenBucket(80, 80, () => now);
    // A sender that sleeps whatever the bucket says before each send.
    const sentAt: number[] = [];
    for (let i = 0; i < 880; i++) {
      now += bucket.reserve();
      sentAt.push(now);
    }
    // 80 at once (the burst), then 800 more over ten seconds.
    expect(sentAt[79]).toBe(0);
    expect(sentAt[879]).toBeCloseTo(10_000, 0);
    const inAnySecond = (from: number) => sentAt.filter((t) => t > from && t <= from + 1000).length;
    expect(Math.max(...[1000, 2500, 5000, 8000].map(inAnySecond))).toBeLessThanOrEqual(80);
  });

  it("follows a changed rate", () => {
    let now = 0;
    const bucket = new TokenBucket(10, 1, () => now);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBeCloseTo(100);
    bucket.setRate(1000, 1);
    now = 200;
    expect(bucket.reserve()).toBe(0);
  });

  it("waits for real when empty", async () => {
    const bucket = new TokenBucket(50, 1);
    const started = performance.now();
    await bucket.take();
    await bucket.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});

describe("backoff", () => {
  it("doubles from the base with jitter in [50 %, 100 %], capped", () => {
    const opts = { baseMs: 1000, capMs: 300_000 };
    expect(backoffDelay(1, { ...opts, random: () => 1 })).toBe(1000);
    expect(backoffDelay(1, { ...opts, random: () => 0 })).toBe(500);
    expect(backoffDelay(4, { ...opts, random: () => 1 })).toBe(8000);
    expect(backoffDelay(20, { ...opts, random: () => 1 })).toBe(300_000);
  });
});
