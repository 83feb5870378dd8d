import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INITIAL_STATUS_STATE, applyStatus, isDuplicate, reduceStatus, type StatusEvent } from "./status-reducer";

const t = (s: number) => new Date(Date.UTC(2025, 10, 21, 8, 0, s));
const ev = (status: string, second: number, error?: { code: string; title: string }): StatusEvent => ({ status, timestamp: t(second), error });

const E131026 = { code: "131026", title: "Message undeliverable" };
const E131047 = { code: "131047", title: "Re-engagement message" };

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("reduceStatus", () => {
  it("starts queued with no error", () => {
    expect(reduceStatus([])).toEqual({ status: "queued", error: null });
  });

  it("walks the happy path", () => {
    expect(reduceStatus([ev("accepted", 0)])).toEqual({ status: "accepted", error: null });
    expect(reduceStatus([ev("accepted", 0), ev("sent", 1)])).toEqual({ status: "sent", error: null, sentAt: t(1) });
    expect(reduceStatus([ev("sent", 1), ev("delivered", 2), ev("read", 3)])).toEqual({
      status: "read",
      error: null,
      sentAt: t(1),
      deliveredAt: t(2),
      readAt: t(3),
    });
  });

  it("all 24 arrival orders of sent/delivered/read/failed end in read, with identical state", () => {
    const events = [ev("sent", 1), ev("delivered", 2), ev("read", 3), ev("failed", 4, E131026)];
    const orders = permutations(events);
    expect(orders).toHaveLength(24);
    const results = orders.map((order) => reduceStatus(order));
    for (const result of results) {
      expect(result).toEqual({ status: "read", error: null, sentAt: t(1), deliveredAt: t(2), readAt: t(3), failedAt: t(4) });
    }
  });

  it("failed + sent in either order → failed with code and title", () => {
    for (const order of permutations([ev("sent", 1), ev("failed", 2, E131047)])) {
      expect(reduceStatus(order)).toEqual({ status: "failed", error: E131047, sentAt: t(1), failedAt: t(2) });
    }
    expect(reduceStatus([ev("accepted", 0), ev("failed", 1, E131026)])).toMatchObject({ status: "failed", error: E131026 });
  });

  it("delivered after failed → delivered (multi-device), error cleared", () => {
    expect(reduceStatus([ev("failed", 5, E131026), ev("delivered", 6)])).toEqual({
      status: "delivered",
      error: null,
      sentAt: t(6),
      deliveredAt: t(6),
      failedAt: t(5),
    });
    // Even when the provider says the failure came later.
    expect(reduceStatus([ev("delivered", 2), ev("failed", 9, E131026)])).toMatchObject({ status: "delivered", error: null });
  });

  it("read without delivered → read, deliveredAt = readAt", () => {
    expect(reduceStatus([ev("sent", 1), ev("read", 7)])).toEqual({ status: "read", error: null, sentAt: t(1), deliveredAt: t(7), readAt: t(7) });
  });

  it("played counts as read", () => {
    expect(reduceStatus([ev("sent", 1), ev("played", 9)])).toMatchObject({ status: "read", readAt: t(9), deliveredAt: t(9) });
  });

  it("never moves backwards", () => {
    expect(reduceStatus([ev("read", 3), ev("delivered", 2)])).toMatchObject({ status: "read", deliveredAt: t(2), readAt: t(3) });
    expect(reduceStatus([ev("read", 3), ev("sent", 1), ev("accepted", 0)])).toMatchObject({ status: "read", sentAt: t(1) });
    expect(reduceStatus([ev("delivered", 2), ev("queued", 0)])).toMatchObject({ status: "delivered" });
  });

  it("keeps the earliest timestamp of each step", () => {
    expect(reduceStatus([ev("delivered", 5), ev("delivered", 3), ev("delivered", 4)])).toMatchObject({ deliveredAt: t(3), sentAt: t(3) });
  });

  it("ignores unknown statuses and unreadable timestamps", () => {
    const base = reduceStatus([ev("sent", 1)]);
    expect(reduceStatus([ev("sent", 1), ev("unknown", 2), ev("deleted", 3), ev("warning", 4)])).toEqual(base);
    expect(reduceStatus([ev("sent", 1), { status: "read", timestamp: new Date(NaN) }])).toEqual(base);
  });

  it("failed without an error gets a generic one", () => {
    expect(reduceStatus([ev("failed", 1)])).toEqual({ status: "failed", error: { code: "unknown", title: "Message failed" }, failedAt: t(1) });
  });

  it("among several failures the earliest wins, whatever the order", () => {
    for (const order of permutations([ev("failed", 8, E131026), ev("failed", 3, E131047), ev("sent", 1)])) {
      expect(reduceStatus(order)).toMatchObject({ status: "failed", error: E131047, failedAt: t(3) });
    }
    for (const order of permutations([ev("failed", 3, E131026), ev("failed", 3, E131047)])) {
      expect(reduceStatus(order).error).toEqual(E131026);
    }
  });

  it("duplicates change nothing", () => {
    const events = [ev("sent", 1), ev("delivered", 2), ev("failed", 3, E131026)];
    expect(reduceStatus([...events, ...events, events[0]!])).toEqual(reduceStatus(events));
  });

  it("continues from a stored state (applyStatus)", () => {
    const stored = reduceStatus([ev("accepted", 0), ev("sent", 1)]);
    expect(applyStatus(stored, ev("read", 4))).toEqual({ status: "read", error: null, sentAt: t(1), deliveredAt: t(4), readAt: t(4) });
    expect(applyStatus(INITIAL_STATUS_STATE, ev("sent", 1))).toEqual({ status: "sent", error: null, sentAt: t(1) });
  });
});

describe("order independence (property)", () => {
  const statusArb = fc.constantFrom("queued", "accepted", "sent", "delivered", "read", "played", "failed", "deleted", "unknown");
  const errorArb = fc.option(fc.record({ code: fc.constantFrom("131026", "131047", "63016"), title: fc.constantFrom("A", "B") }), { nil: undefined });
  const eventArb = fc.record({ status: statusArb, timestamp: fc.integer({ min: 0, max: 20 }).map(t), error: errorArb });

  it("any permutation of any event list gives the same state", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }).chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), ([events, shuffled]) => {
        expect(reduceStatus(shuffled)).toEqual(reduceStatus(events));
      }),
      { numRuns: 500 },
    );
  });

  it("folding one event at a time from a stored state equals reducing the whole set", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 6 }), fc.array(eventArb, { maxLength: 6 }), (before, after) => {
        const stored = reduceStatus(before);
        const incremental = after.reduce(applyStatus, stored);
        expect(incremental).toEqual(reduceStatus([...before, ...after]));
      }),
      { numRuns: 500 },
    );
  });

  it("delivery evidence always beats failure; failure beats sent", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }), (events) => {
        const state = reduceStatus(events);
        const has = (...s: string[]) => events.some((e) => s.includes(e.status));
        if (has("read", "played")) expect(state.status).toBe("read");
        else if (has("delivered")) expect(state.status).toBe("delivered");
        else if (has("failed")) expect(state.status).toBe("failed");
        if (state.status === "failed") expect(state.error).not.toBeNull();
        else expect(state.error).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe("isDuplicate", () => {
  it("same status at the same provider time", () => {
    const history = [ev("sent", 1), ev("delivered", 2)];
    expect(isDuplicate(history, ev("sent", 1))).toBe(true);
    expect(isDuplicate(history, ev("sent", 3))).toBe(false);
    expect(isDuplicate(history, ev("read", 2))).toBe(false);
    expect(isDuplicate([], ev("sent", 1))).toBe(false);
  });
});
