import { describe, expect, it } from "vitest";
import { classifyErrorResponse, networkSendError } from "./classify-error";
import { describeError, lookupError } from "./error-catalog";
import { SendError } from "./errors";
import { fixtureJson } from "./testing/fixtures";

const REQUIRED = [
  "131047", "131026", "130429", "131056", "131048", "131049", "131050", "131051", "131000", "131005", "131008", "131009",
  "131016", "131021", "131030", "131031", "131042", "131045", "131053", "132000", "132001", "132005", "132007", "132012",
  "132015", "132016", "0", "190", "4", "80007", "368", "63016", "63018", "63014", "63024",
  "BALANCE_INSUFFICIENT", "RECIPIENT_UNSUBSCRIBED", "RECIPIENT_IN_BLOCK_LIST", "TOO_MANY_REQUESTS",
];
const RETRYABLE = new Set(["130429", "131056", "131000", "131016", "4", "80007", "63018", "TOO_MANY_REQUESTS"]);

describe("describeError", () => {
  it.each(REQUIRED)("%s has a meaning and a fix", (code) => {
    const info = lookupError(code);
    expect(info).toBeDefined();
    expect(info?.title.length).toBeGreaterThan(3);
    expect(info?.meaning.length).toBeGreaterThan(10);
    expect(info?.fix.length).toBeGreaterThan(5);
    expect(info?.retryable).toBe(RETRYABLE.has(code));
  });

  it("explains the closed 24-hour window with a template", () => {
    expect(describeError(131047)).toMatchObject({ title: "24-hour window closed", retryable: false });
    expect(describeError("131047").fix).toMatch(/template/i);
  });

  it("has a sensible default", () => {
    const info = describeError("999999");
    expect(info).toMatchObject({ title: "Message failed", retryable: false });
    expect(info.meaning).toContain("999999");
    expect(describeError(undefined).title).toBe("Message failed");
    expect(describeError("http_503")).toMatchObject({ retryable: true });
  });
});

describe("classifyErrorResponse", () => {
  it.each([
    ["meta.api.send.error.131030.json", 400, "131030", false],
    ["meta.api.send.error.131056.json", 400, "131056", true],
    ["meta.api.send.error.190.json", 401, "190", false],
    ["ycloud.api.error.131056.json", 429, "131056", true],
  ] as const)("%s → %s", (file, status, code, retryable) => {
    const error = classifyErrorResponse(status, fixtureJson(file));
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ code, retryable, httpStatus: status });
  });

  it("falls back on is_transient, then on the HTTP status", () => {
    expect(classifyErrorResponse(400, { error: { code: 777, message: "x", is_transient: true } }).retryable).toBe(true);
    expect(classifyErrorResponse(500, { error: { code: 777, message: "x" } }).retryable).toBe(true);
    expect(classifyErrorResponse(400, { error: { code: 777, message: "x" } }).retryable).toBe(false);
    expect(classifyErrorResponse(500, "Internal Server Error")).toMatchObject({ code: "http_500", retryable: true, title: "Provider error" });
    expect(classifyErrorResponse(429, undefined)).toMatchObject({ code: "http_429", retryable: true });
    expect(classifyErrorResponse(404, "<html>")).toMatchObject({ code: "http_404", retryable: false });
  });

  it("a known code decides even against the HTTP status", () => {
    // Meta answers 400 for pair-rate limits; 131026 is final even if a proxy says 503.
    expect(classifyErrorResponse(400, { error: { code: 130429 } }).retryable).toBe(true);
    expect(classifyErrorResponse(503, { error: { code: 131026 } }).retryable).toBe(false);
  });

  it("network failures and timeouts are retryable", () => {
    expect(networkSendError(new TypeError("fetch failed"), false)).toMatchObject({ code: "network", retryable: true, details: "fetch failed" });
    expect(networkSendError(new Error("aborted"), true)).toMatchObject({ code: "timeout", retryable: true });
  });
});
