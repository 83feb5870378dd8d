/**
 * A token bucket per channel: `rate` sends per second with bursts up to `capacity`.
 * `reserve()` takes a token now, or the next free one in the future, and says how long
 * to wait for it — callers queue up fairly without a waiter list.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private capacity: number = Math.max(1, rate),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = this.capacity;
    this.last = this.now();
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  setRate(rate: number, capacity: number = Math.max(1, rate)): void {
    this.refill();
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = Math.min(this.tokens, capacity);
  }

  /** Milliseconds until the reserved token is usable (0 = now). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }

  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}

/** Buckets by channel id, following each channel's configured rate. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now?: () => number) {}

  take(key: string, ratePerSecond: number): Promise<void> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(ratePerSecond, Math.max(1, ratePerSecond), this.now);
      this.buckets.set(key, bucket);
    } else if (bucket.ratePerSecond !== ratePerSecond) {
      bucket.setRate(ratePerSecond);
    }
    return bucket.take();
  }
}
