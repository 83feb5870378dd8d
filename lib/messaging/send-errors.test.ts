import { afterEach, describe, expect, it, vi } from "vitest";
import { SendError } from "@/lib/channels/errors";
import { recordingDeadline, withRetries } from "./recording-retry";
import { sendInDoubt, toMessageError, toSendError } from "./send-errors";

const network = (details: string, cause?: unknown) => new SendError({ code: "network", title: "Network error", retryable: true, details, cause });

describe("a failed send: did the provider maybe get it?", () => {
  it("a timeout or a connection that broke mid-call is in doubt", () => {
    expect(sendInDoubt(new SendError({ code: "timeout", title: "Timed out", retryable: true }))).toBe(true);
    expect(sendInDoubt(network("socket hang up", { code: "UND_ERR_SOCKET", cause: { code: "ECONNRESET" } }))).toBe(true);
  });

  it("a refused connection or a failed lookup never reached the provider, also when the code is only in the cause chain", () => {
    expect(sendInDoubt(network("connect ECONNREFUSED 127.0.0.1:9"))).toBe(false);
    expect(sendInDoubt(network("fetch failed", { code: "UND_ERR_CONNECT", cause: { code: "ENOTFOUND" } }))).toBe(false);
    expect(sendInDoubt(network("fetch failed", new Error("x", { cause: { code: "EAI_AGAIN" } })))).toBe(false);
  });

  it("an answer from the provider (an HTTP error) is never in doubt", () => {
    expect(sendInDoubt(new SendError({ code: "131047", title: "Re-engagement message", retryable: false, httpStatus: 400 }))).toBe(false);
  });
});

describe("what the message row stores", () => {
  it("keeps code, title and details, and a message only when it says more than code: title", () => {
    expect(toMessageError(new SendError({ code: "131026", title: "Message undeliverable", retryable: false }))).toEqual({ code: "131026", title: "Message undeliverable" });
    expect(toMessageError(new SendError({ code: "http_500", title: "Provider error", retryable: true, details: "upstream", message: "Graph answered 500" }))).toEqual({
      code: "http_500",
      title: "Provider error",
      details: "upstream",
      message: "Graph answered 500",
    });
  });

  it("anything else thrown becomes a retryable internal error with its message as details", () => {
    const err = toSendError(new TypeError("boom"));
    expect(err).toMatchObject({ code: "internal", retryable: true, details: "boom" });
    expect(toSendError("plain")).toMatchObject({ details: "plain" });
    const own = new SendError({ code: "timeout", title: "Timed out", retryable: true });
    expect(toSendError(own)).toBe(own);
  });
});

describe("recording an accepted send", () => {
  afterEach(() => vi.useRealTimers());

  it("stops retrying 5 s before the lease ends, or at half a short lease", () => {
    expect(recordingDeadline(1_000, 60_000)).toBe(56_000);
    expect(recordingDeadline(1_000, 6_000)).toBe(4_000);
  });

  it("retries with doubling pauses until it succeeds", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const done = withRetries(async () => {
      if (++calls < 4) throw new Error("database down");
      return "recorded";
    }, Date.now() + 10_000);
    await vi.advanceTimersByTimeAsync(50 + 100 + 200);
    await expect(done).resolves.toBe("recorded");
    expect(calls).toBe(4);
  });

  it("gives up with the last error when the next pause would pass the deadline, after one try at least", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error(`attempt ${calls}`));
    };
    await expect(withRetries(failing, Date.now())).rejects.toThrow("attempt 1");
    calls = 0;
    const done = withRetries(failing, Date.now() + 120);
    const settled = expect(done).rejects.toThrow("attempt 2");
    await vi.advanceTimersByTimeAsync(50);
    await settled;
  });
});
