import { describe, expect, it } from "vitest";
import type { VerifyResult } from "./adapter";
import { d360Adapter } from "./d360/adapter";
import type { D360Config } from "./d360/config";
import { metaAdapter } from "./meta/adapter";
import type { MetaConfig } from "./meta/config";
import { sandboxAdapter } from "./sandbox/adapter";
import { fixture, signatures, tamper } from "./testing/fixtures";
import { twilioAdapter } from "./twilio/adapter";
import type { TwilioConfig } from "./twilio/config";
import { ycloudAdapter } from "./ycloud/adapter";
import type { YCloudConfig } from "./ycloud/config";

const vectors = signatures();

/** The failure reason must never leak what the signature should have been. */
function expectRejected(result: VerifyResult, ...secrets: string[]) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.reason).toBeTruthy();
  for (const secret of secrets) {
    expect(result.reason).not.toContain(secret);
    for (const part of secret.split(/[=,]/).filter((p) => p.length >= 8)) expect(result.reason).not.toContain(part);
  }
}

const h = (init: Record<string, string>) => new Headers(init);

describe("Meta X-Hub-Signature-256 (and the sandbox, which shares it)", () => {
  const config: MetaConfig = { phoneNumberId: "109876543210987", accessToken: "t", appSecret: vectors.meta.app_secret, verifyToken: "vt" };
  const url = "https://bot.example.com/api/webhooks/meta";

  for (const adapter of [metaAdapter, sandboxAdapter]) {
    describe(adapter.provider, () => {
      it.each(vectors.meta.vectors)("$file", (v) => {
        const raw = fixture(v.file);
        const expected = v["X-Hub-Signature-256"];
        const verify = (rawBody: string, headers: Headers, appSecret = config.appSecret) =>
          adapter.verify({ rawBody, headers, url, config: { ...config, appSecret } as never });

        expect(verify(raw, h({ "X-Hub-Signature-256": expected }))).toEqual({ ok: true });
        expect(verify(raw, h({ "x-hub-signature-256": expected.toUpperCase().replace("SHA256=", "sha256=") }))).toEqual({ ok: true });
        expectRejected(verify(tamper(raw), h({ "X-Hub-Signature-256": expected })), expected);
        expectRejected(verify(raw, h({})), expected);
        expectRejected(verify(raw, h({ "X-Hub-Signature": v["X-Hub-Signature"] })), expected);
        expectRejected(verify(raw, h({ "X-Hub-Signature-256": expected }), "wrong-secret"), expected);
        expectRejected(verify(raw, h({ "X-Hub-Signature-256": "sha256=zz" })), expected);
        // Re-serialized JSON is different bytes (\u escapes): must fail, which is why routes verify req.text().
        expectRejected(verify(JSON.stringify(JSON.parse(raw)), h({ "X-Hub-Signature-256": expected })), expected);
      });
    });
  }
});

describe("360dialog", () => {
  const v = vectors.d360.vectors[0]!;
  const raw = fixture(v.file);
  const config: D360Config = { apiKey: "k", phoneNumberId: "109876543210987", webhookSecret: vectors.d360.platform_secret };
  const verify = (rawBody: string, headers: Headers, c: Partial<D360Config> = {}) =>
    d360Adapter.verify({ rawBody, headers, url: "https://x/api/webhooks/360dialog", config: { ...config, ...c } });
  const hex = v["x-360dialog-signature_hex"];
  const b64 = v["x-360dialog-signature_base64"];

  it("accepts x-360dialog-signature as hex or base64 HMAC-SHA256", () => {
    expect(verify(raw, h({ "x-360dialog-signature": hex }))).toEqual({ ok: true });
    expect(verify(raw, h({ "x-360dialog-signature": b64 }))).toEqual({ ok: true });
    expect(verify(raw, h({ "x-360dialog-signature": `sha256=${hex}` }))).toEqual({ ok: true });
  });

  it("rejects a tampered body, a wrong secret and a missing header", () => {
    expectRejected(verify(tamper(raw), h({ "x-360dialog-signature": hex })), hex, b64);
    expectRejected(verify(tamper(raw), h({ "x-360dialog-signature": b64 })), hex, b64);
    expectRejected(verify(raw, h({ "x-360dialog-signature": hex }), { webhookSecret: "other" }), hex);
    expectRejected(verify(raw, h({})), hex, b64, config.webhookSecret);
  });

  it("accepts the custom secret header (default name or configured)", () => {
    expect(verify(raw, h({ "x-tickflow-secret": config.webhookSecret }))).toEqual({ ok: true });
    expect(verify(raw, h({ "X-Bot-Token": config.webhookSecret }), { webhookHeader: "X-Bot-Token" })).toEqual({ ok: true });
    expectRejected(verify(raw, h({ "x-tickflow-secret": "nope" })), config.webhookSecret);
    expectRejected(verify(raw, h({ "x-tickflow-secret": config.webhookSecret }), { webhookHeader: "X-Bot-Token" }), config.webhookSecret);
  });
});

describe("YCloud-Signature", () => {
  const config: YCloudConfig = { apiKey: "k", phoneNumber: "15550101234", webhookSecret: vectors.ycloud.endpoint_secret };
  const verify = (rawBody: string, headers: Headers, now: Date, c: Partial<YCloudConfig> = {}) =>
    ycloudAdapter.verify({ rawBody, headers, url: "https://x/api/webhooks/ycloud", config: { ...config, ...c }, now });

  it.each(vectors.ycloud.vectors)("$file", (v) => {
    const raw = fixture(v.file);
    const header = v["YCloud-Signature"];
    const signedAt = new Date(Number(v.timestamp) * 1000);
    expect(verify(raw, h({ "YCloud-Signature": header }), signedAt)).toEqual({ ok: true });
    expect(verify(raw, h({ "YCloud-Signature": header }), new Date(signedAt.getTime() + 299_000))).toEqual({ ok: true });
    expectRejected(verify(tamper(raw), h({ "YCloud-Signature": header }), signedAt), header);
    expectRejected(verify(raw, h({}), signedAt), header);
    expectRejected(verify(raw, h({ "YCloud-Signature": header }), signedAt, { webhookSecret: "whsec_wrong" }), header);
    expectRejected(verify(raw, h({ "YCloud-Signature": "garbage" }), signedAt), header);
  });

  it("enforces the timestamp tolerance (default 300 s, configurable)", () => {
    const v = vectors.ycloud.vectors[0]!;
    const raw = fixture(v.file);
    const headers = h({ "YCloud-Signature": v["YCloud-Signature"] });
    const t = Number(v.timestamp) * 1000;
    expect(verify(raw, headers, new Date(t + 300_000)).ok).toBe(true);
    expect(verify(raw, headers, new Date(t - 300_000)).ok).toBe(true);
    expect(verify(raw, headers, new Date(t + 301_000))).toEqual({ ok: false, reason: "signature timestamp outside tolerance" });
    expect(verify(raw, headers, new Date(t - 301_000)).ok).toBe(false);
    expect(verify(raw, headers, new Date(t + 3_600_000), { signatureToleranceSeconds: 7200 }).ok).toBe(true);
    expect(verify(raw, headers, new Date(t + 61_000), { signatureToleranceSeconds: 60 }).ok).toBe(false);
  });

  it("a fresh timestamp does not rescue a signature made for another one", () => {
    const v = vectors.ycloud.vectors[0]!;
    const forged = v["YCloud-Signature"].replace(/t=\d+/, "t=1763712100");
    expect(verify(fixture(v.file), h({ "YCloud-Signature": forged }), new Date(1763712100_000)).ok).toBe(false);
  });

  it("accepts any of several s= values (secret rotation)", () => {
    const v = vectors.ycloud.vectors[0]!;
    const [t, s] = v["YCloud-Signature"].split(",");
    const header = `${t},s=${"0".repeat(64)},${s}`;
    expect(verify(fixture(v.file), h({ "YCloud-Signature": header }), new Date(Number(v.timestamp) * 1000)).ok).toBe(true);
  });
});

describe("X-Twilio-Signature", () => {
  const config: TwilioConfig = { accountSid: "AC7f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9c", authToken: vectors.twilio.auth_token, phoneNumber: "14155238886" };
  const verify = (rawBody: string, headers: Headers, url: string, c: Partial<TwilioConfig> = {}) =>
    twilioAdapter.verify({ rawBody, headers, url, config: { ...config, ...c } });

  it.each(vectors.twilio.vectors)("$file", (v) => {
    const raw = fixture(v.file);
    const sig = v["X-Twilio-Signature"];
    const headers = h({ "X-Twilio-Signature": sig });
    expect(verify(raw, headers, v.url)).toEqual({ ok: true });
    // With the default port, as some proxies report the URL.
    expect(verify(raw, headers, v.url.replace("bot.example.com", "bot.example.com:443"))).toEqual({ ok: true });
    // Behind a tunnel: the app sees localhost, Twilio signed the console URL.
    expect(verify(raw, headers, "http://localhost:3000/api/webhooks/twilio", { publicWebhookUrl: v.url })).toEqual({ ok: true });
    expect(verify(raw, headers, "http://localhost:3000/api/webhooks/twilio", { publicWebhookUrl: "https://bot.example.com:443/api/webhooks/twilio" })).toEqual({ ok: true });
    expect(verify(raw, h({ "X-Twilio-Signature": sig, "x-forwarded-host": "bot.example.com", "x-forwarded-proto": "https" }), "http://localhost:3000/api/webhooks/twilio")).toEqual({ ok: true });

    expectRejected(verify(tamper(raw), headers, v.url), sig);
    expectRejected(verify(raw, h({}), v.url), sig);
    expectRejected(verify(raw, headers, v.url, { authToken: "0".repeat(32) }), sig);
    expectRejected(verify(raw, headers, "http://localhost:3000/api/webhooks/twilio"), sig);
    expectRejected(verify(raw, headers, v.url.replace("bot.example.com", "bot.example.com:8443")), sig);
    // A parameter added by an attacker changes the signed string.
    expectRejected(verify(`${raw}&Body=injected`, headers, v.url), sig);
  });
});
