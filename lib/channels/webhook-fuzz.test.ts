import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadPayloadError } from "./errors";
import { getAdapter } from "./registry";
import { fixture } from "./testing/fixtures";
import { asReceived, fuzzBody, fuzzRuns, fuzzTimeout, prototypePollution, runFuzz, storageProblem, type Family, type FuzzBody } from "./testing/fuzz";
import type { NormalizedEvent } from "./types";

/**
 * Parser-level fuzz (no database): whatever arrives, `routingKeys` answers, `parse` either
 * throws BadPayloadError (the route's 400, with its message) or returns events that
 * PostgreSQL will store and process — never any other exception — and Object.prototype
 * is never polluted. Thousands of malformed, truncated, oversized and type-confused bodies
 * per provider family (see testing/fuzz.ts); the cases the fuzzer found are pinned below.
 * The route-level fuzz, with the database, is lib/messaging/webhook-fuzz.test.ts.
 */

const NOW = new Date("2025-11-21T09:00:00Z");
type Parser = "meta" | "ycloud" | "twilio";

function parse(parser: Parser, raw: string, contentType: string | null = parser === "twilio" ? "application/x-www-form-urlencoded" : "application/json"): NormalizedEvent[] {
  const adapter = getAdapter(parser);
  expect(Array.isArray(adapter.routingKeys(raw, contentType))).toBe(true);
  const { events } = adapter.parse(raw, contentType, { now: NOW });
  for (const event of events) expect(storageProblem(event)).toBeNull();
  return events;
}

function refused(parser: Parser, raw: string, contentType?: string | null): string {
  try {
    parse(parser, raw, contentType);
  } catch (err) {
    expect(err).toBeInstanceOf(BadPayloadError);
    return (err as Error).message;
  }
  throw new Error("expected a BadPayloadError");
}

/** Cases per family; FUZZ_RUNS overrides them all. */
const RUNS: Record<Family, number> = { meta: 4_000, ycloud: 3_000, twilio: 3_000 };

/** Throws (failing the case) unless the adapter's contract holds for this body. */
function parseSafely(family: Family, body: FuzzBody): void {
  const adapter = getAdapter(family);
  const raw = asReceived(body.bytes);
  const keys = adapter.routingKeys(raw, body.contentType);
  if (!Array.isArray(keys)) throw new Error("routingKeys did not return an array");
  let events = null;
  try {
    events = adapter.parse(raw, body.contentType, { now: NOW }).events;
  } catch (err) {
    // The route's 400, with this message.
    if (!(err instanceof BadPayloadError && err.message.length > 0)) {
      throw new Error(`parse threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, { cause: err });
    }
  }
  const polluted = prototypePollution();
  if (polluted) throw new Error(polluted);
  if (events === null) return;
  if (events.length === 0) throw new Error("parse returned no events");
  for (const event of events) {
    const problem = storageProblem(event);
    if (problem) throw new Error(`${problem} (${event.kind} event)`);
  }
}

describe("webhook parsers under fuzzing", () => {
  it("360dialog and the sandbox use Meta's parser, so fuzzing Meta's covers them", () => {
    expect(getAdapter("360dialog").parse).toBe(getAdapter("meta").parse);
    expect(getAdapter("sandbox").parse).toBe(getAdapter("meta").parse);
  });

  for (const family of ["meta", "ycloud", "twilio"] as const) {
    it(
      `${family}: never throws anything but BadPayloadError, and every event is storable`,
      async () => {
        const runs = fuzzRuns(RUNS[family]);
        expect(await runFuzz(`${family} parser`, fc.property(fuzzBody(family), (body) => parseSafely(family, body)), runs)).toBe(runs);
      },
      fuzzTimeout(60_000),
    );
  }
});

describe("signature checks under fuzzing", () => {
  const configs = {
    meta: { phoneNumberId: "109876543210987", accessToken: "t", appSecret: "app-secret", verifyToken: "v" },
    "360dialog": { apiKey: "k", phoneNumberId: "109876543210987", webhookSecret: "d360-secret" },
    ycloud: { apiKey: "k", phoneNumber: "15550101234", webhookSecret: "whsec_x" },
    twilio: { accountSid: "AC7f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9c", authToken: "auth-token", phoneNumber: "14155238886" },
  } as const;
  const headerNames = ["x-hub-signature-256", "x-tickflow-secret", "x-360dialog-signature", "ycloud-signature", "x-twilio-signature", "x-forwarded-host", "x-forwarded-proto"];
  // What a header may hold: visible ASCII and spaces, shaped like the real ones now and then.
  const headerValue = fc.oneof(
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 120 }),
    fc.tuple(fc.constantFrom("sha256=", "t=", `t=${Math.floor(Date.now() / 1000)},s=`, "s=", "t=,s=,s=", ""), fc.string({ maxLength: 70 })).map(([prefix, rest]) => prefix + rest.replace(/[^\x20-\x7e]/g, "")),
  );

  it("never throw, and refuse a body whose signature headers are forged", async () => {
    const runs = fuzzRuns(2_000);
    const property = fc.property(
      fc.constantFrom<"meta" | "360dialog" | "ycloud" | "twilio">("meta", "360dialog", "ycloud", "twilio"),
      fc.dictionary(fc.constantFrom(...headerNames), headerValue, { maxKeys: 4 }),
      fuzzBody("meta"),
      (provider, values, body) => {
        const adapter = getAdapter(provider);
        const result = adapter.verify({ rawBody: asReceived(body.bytes), headers: new Headers(values), url: `https://bot.example.com/api/webhooks/${provider}?x=1`, config: configs[provider] as never });
        if (result.ok || result.reason.length === 0) throw new Error(`${provider}: ${JSON.stringify(result)}`);
      },
    );
    expect(await runFuzz("signature checks (forged headers)", property, runs)).toBe(runs);
  });
});

const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("pinned cases the fuzzer found", () => {
  it("refuses JSON nested deeper than 64 levels with a 400 message, instead of overflowing the stack while storing it", () => {
    expect(refused("meta", fixture("meta.text.json").replace('"type": "text"', `"type": "text", "deep": ${nested(20_000)}`))).toBe("Body nests deeper than 64 levels");
    expect(refused("ycloud", fixture("ycloud.status.delivered.json").replace('"status":', `"deep": ${nested(65)}, "status":`))).toBe("Body nests deeper than 64 levels");
    expect(refused("twilio", nested(65), "application/json")).toBe("Body nests deeper than 64 levels");
    // 64 levels in all is still an (unknown) event.
    expect(parse("meta", nested(64))).toMatchObject([{ kind: "unknown" }]);
  });

  it("stores U+0000 and unpaired surrogates as U+FFFD (PostgreSQL refused them: the insert failed with a 503)", () => {
    // Valid JSON escapes; emoji as surrogate pairs stay as they are.
    const meta = fixture("meta.text.json").replace("Oi! Quero", "Oi\\u0000! \\ud83d\\ude00 \\ud83d Quero").replace('"Ana Souza"', '"\\udc00Ana"').replace('"timestamp"', '"x\\u0000y": "\\ud800", "timestamp"');
    const [message] = parse("meta", meta);
    expect(message).toMatchObject({ kind: "message", text: "Oi\ufffd! \ud83d\ude00 \ufffd Quero saber o horário de funcionamento.", contactName: "\ufffdAna" });
    expect(message!.raw).toMatchObject({ "x\ufffdy": "\ufffd" });
    expect(parse("ycloud", '"\\ud800"')).toMatchObject([{ kind: "unknown", raw: "\ufffd" }]);
    const [twilio] = parse("twilio", `${fixture("twilio.inbound.text.form").trim()}&Body=x&R%00eferral=%00`.replace("Body=Oi", "Body=O%00i"));
    expect(twilio).toMatchObject({ kind: "message", text: "O\ufffdi! Quero saber o horário de funcionamento.", raw: { "R\ufffdeferral": "\ufffd" } });
  });

  it("keeps a message or status whose id, sender or status is too long to be real as an unknown event (the unique index refused it: 503)", () => {
    const long = (n: number) => "AbC123-_".repeat(Math.ceil(n / 8)).slice(0, n);
    const wamid = /wamid\.[A-Za-z0-9]+/;
    expect(parse("meta", fixture("meta.text.json").replace(wamid, long(3_000)))).toMatchObject([
      { kind: "unknown", reason: "message providerMessageId longer than 256 characters", channelKey: { phoneNumberId: "109876543210987" }, raw: { type: "text" } },
    ]);
    expect(parse("meta", fixture("meta.text.json").replace(wamid, long(256)))).toMatchObject([{ kind: "message", providerMessageId: long(256) }]);
    expect(parse("ycloud", fixture("ycloud.inbound.text.json").replace('"+5511987654321"', `"+${"1".repeat(300)}"`))).toMatchObject([
      { kind: "unknown", reason: "message from longer than 256 characters" },
    ]);
    expect(parse("twilio", fixture("twilio.status.read.form").trim().replace("MessageStatus=read", `MessageStatus=${long(30_000)}`))).toMatchObject([
      { kind: "unknown", reason: "status providerStatus longer than 256 characters" },
    ]);
  });

  it("treats a time PostgreSQL cannot store like a missing one (Invalid Date or a six-digit year failed processing)", () => {
    const meta = (timestamp: string) => parse("meta", fixture("meta.text.json").replace('"1763712001"', `"${timestamp}"`))[0];
    expect(meta("99999999999999")).toMatchObject({ kind: "message", timestamp: NOW });
    expect(meta("300000000000")).toMatchObject({ kind: "message", timestamp: NOW });
    expect(meta("253402300799")).toMatchObject({ kind: "message", timestamp: NOW });
    expect(meta("1763712001")).toMatchObject({ kind: "message", timestamp: new Date("2025-11-21T08:00:01.000Z") });
    const status = parse("meta", fixture("meta.status.read.json").replace(/"timestamp": "\d+"/, '"timestamp": "300000000000"'))[0];
    expect(status).toMatchObject({ kind: "status", timestamp: NOW });
    const ycloud = (sendTime: string) => parse("ycloud", fixture("ycloud.inbound.text.json").replace('"2025-11-21T08:00:01.000Z"', `"${sendTime}"`))[0];
    expect(ycloud("+275760-09-13T00:00:00.000Z")).toMatchObject({ timestamp: new Date("2025-11-21T08:00:05.000Z") });
    expect(ycloud("-000001-01-01T00:00:00.000Z")).toMatchObject({ timestamp: new Date("2025-11-21T08:00:05.000Z") });
  });

  it("never takes a status or an error code named like an Object.prototype member for a known one", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const twilio = fixture("twilio.status.failed.form").trim().replace("MessageStatus=failed", `MessageStatus=${name}`).replace("ErrorCode=63016", `ErrorCode=${name}`);
      expect(parse("twilio", twilio)).toMatchObject([{ kind: "status", status: "unknown", providerStatus: name, error: { code: name, title: "Message failed" } }]);
      const ycloud = fixture("ycloud.status.failed.json").replace(/"errorCode": "131047"/, `"errorCode": "${name}"`).replace(/"errorMessage": "[^"]*",/, "").replace(/"whatsappApiError": \{[^}]*\}\s*\}/, '"x": {}');
      expect(parse("ycloud", ycloud)).toMatchObject([{ kind: "status", status: "failed", error: { code: name, title: "Message failed" } }]);
    }
  });
});
