import { describe, expect, it } from "vitest";
import { execContext, waitingFor } from "../../test-utils";
import { executeApiCall } from "./execute";
import { readJsonPath } from "./mapping";
import type { ApiCallSettings } from "./schema";

const vars = { id: "a b/c", base: "https://api.test", n: 7, obj: { k: 1 } };

describe("executeApiCall: the request", () => {
  const cases: [string, ApiCallSettings, Record<string, unknown>][] = [
    ["GET by default, 10 s timeout", { url: "https://api.test/x" }, { method: "GET", url: "https://api.test/x", headers: {}, timeoutMs: 10_000 }],
    ["values after the host are encoded", { url: "https://api.test/o/{{id}}?q={{id}}" }, { url: "https://api.test/o/a%20b%2Fc?q=a%20b%2Fc" }],
    ["a variable base URL is kept", { url: "{{base}}/o/{{id}}" }, { url: "https://api.test/o/a%20b%2Fc" }],
    ["timeout is capped at 60 s", { url: "https://api.test", timeoutSeconds: 600 }, { timeoutMs: 60_000 }],
    ["headers are rendered", { url: "https://api.test", headers: [{ name: "Authorization", value: "Bearer {{n}}" }] }, { headers: { Authorization: "Bearer 7" } }],
    [
      "JSON body keeps lone variables' types",
      { method: "POST", url: "https://api.test", body: '{"n":"{{n}}","o":"{{obj}}","s":"id={{id}}","missing":"{{nope}}","list":["{{n}}"]}' },
      { body: '{"n":7,"o":{"k":1},"s":"id=a b/c","missing":null,"list":[7]}', headers: { "Content-Type": "application/json" } },
    ],
    ["GET never sends a body", { url: "https://api.test", body: '{"a":1}' }, { method: "GET", headers: {} }],
    [
      "an explicit content type is kept",
      { method: "PUT", url: "https://api.test", body: "{}", headers: [{ name: "content-type", value: "application/vnd.x+json" }] },
      { headers: { "content-type": "application/vnd.x+json" }, body: "{}" },
    ],
  ];
  it.each(cases)("%s", (_name, settings, expected) => {
    const result = executeApiCall(execContext(settings, { variables: vars }));
    expect(result.wait).toEqual({ kind: "http", requestId: "req-1" });
    expect(result.effects?.[0]).toMatchObject({ type: "http", blockId: "block", requestId: "req-1", request: expected });
  });

  it.each([
    ["not a URL", { url: "{{nope}}" }],
    ["not http", { url: "ftp://files.test/x" }],
  ])("takes `error` without a request when the URL is %s", (_name, settings) => {
    const result = executeApiCall(execContext<ApiCallSettings>(settings));
    expect(result.next).toBe("error");
    expect(result.effects).toBeUndefined();
    expect(result.api?.error).toBeTruthy();
  });
});

describe("executeApiCall: the result", () => {
  const settings: ApiCallSettings = { url: "https://api.test", mappings: [{ path: "data.total", variable: "total" }, { path: "$.missing", variable: "gone" }] };
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ["2xx maps and succeeds", { ok: true, status: 200, body: { data: { total: 3 } } }, { next: "success", set: { total: 3, gone: null } }],
    ["non-JSON body maps to null", { ok: true, status: 200, body: "plain" }, { next: "success", set: { total: null, gone: null } }],
    ["failure goes to error", { ok: false, status: 500, error: "HTTP 500" }, { next: "error", api: { ok: false, status: 500, error: "HTTP 500" } }],
  ];
  it.each(cases)("%s", (_name, outcome, expected) => {
    const resume = { kind: "http_result" as const, result: { type: "http_result" as const, requestId: "r", durationMs: 5, ok: false, ...outcome }, waiting: waitingFor("http", { requestId: "r" }) };
    expect(executeApiCall(execContext(settings, { resume }))).toMatchObject(expected);
  });
});

describe("readJsonPath", () => {
  const body = { a: { b: [{ c: 1 }, { c: 2 }] }, s: "x" };
  it.each([
    ["$.s", "x"],
    ["s", "x"],
    ["a.b[1].c", 2],
    ["$.a.b[*].c", [1, 2]],
    ["$.a.b", [{ c: 1 }, { c: 2 }]],
    ["$.nope", null],
    ["$..c", [1, 2]],
  ])("%s", (path, expected) => {
    expect(readJsonPath(body, path)).toEqual(expected);
  });
});
