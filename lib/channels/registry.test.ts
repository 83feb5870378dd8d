import { describe, expect, it } from "vitest";
import { dedupeKey } from "./dedupe-key";
import { isMaskedValue, maskSecrets } from "./mask-secrets";
import { ADAPTERS, getAdapter, providersForWebhook } from "./registry";
import { fixture, fixtureNames } from "./testing/fixtures";
import { PROVIDERS, WEBHOOK_PROVIDERS, isProvider, isWebhookProvider, type NormalizedEvent } from "./types";

describe("registry", () => {
  it("has one adapter per provider, each knowing its name", () => {
    for (const provider of PROVIDERS) expect(getAdapter(provider).provider).toBe(provider);
    expect(Object.keys(ADAPTERS).sort()).toEqual([...PROVIDERS].sort());
  });

  it("maps every webhook route to adapters whose webhookPath is that route", () => {
    for (const route of WEBHOOK_PROVIDERS) {
      for (const provider of providersForWebhook(route)) expect(getAdapter(provider).webhookPath).toBe(`/api/webhooks/${route}`);
    }
    expect(providersForWebhook("meta")).toEqual(["meta", "sandbox"]);
  });

  it("guards provider names", () => {
    expect(isProvider("360dialog")).toBe(true);
    expect(isProvider("d360")).toBe(false);
    expect(isWebhookProvider("sandbox")).toBe(false);
    expect(isWebhookProvider("ycloud")).toBe(true);
  });
});

const ADAPTER_FOR_PREFIX = { meta: "meta", d360: "360dialog", ycloud: "ycloud", twilio: "twilio" } as const;
const NOT_WEBHOOKS = /(\.api\.|verify\.get|signatures\.json)/;

describe("every webhook fixture parses into known events", () => {
  const files = fixtureNames().filter((f) => !NOT_WEBHOOKS.test(f));
  it("finds all of them", () => expect(files.length).toBe(50));

  it.each(files)("%s", (file) => {
    const prefix = file.split(".")[0] as keyof typeof ADAPTER_FOR_PREFIX;
    const adapter = getAdapter(ADAPTER_FOR_PREFIX[prefix]);
    const contentType = file.endsWith(".form") ? "application/x-www-form-urlencoded" : "application/json";
    const parsed = adapter.parse(fixture(file), contentType);
    expect(parsed.events.length).toBeGreaterThan(0);
    for (const event of parsed.events) {
      expect(event.kind).not.toBe("unknown");
      expect(dedupeKey(event)).toMatch(/^(msg|st):/);
    }
    expect(adapter.routingKeys(fixture(file), contentType).length).toBe(1);
  });
});

describe("dedupeKey", () => {
  const channelKey = {};
  it("keys messages by id, statuses by id + status, unknown events by content", () => {
    const msg: NormalizedEvent = { kind: "message", channelKey, providerMessageId: "wamid.1", from: "1", timestamp: new Date(), type: "text", raw: {} };
    expect(dedupeKey(msg)).toBe("msg:wamid.1");
    const st = (status: "sent" | "unknown", providerStatus: string): NormalizedEvent => ({ kind: "status", channelKey, providerMessageId: "wamid.1", status, providerStatus, timestamp: new Date(), raw: {} });
    expect(dedupeKey(st("sent", "sent"))).toBe("st:wamid.1:sent");
    expect(dedupeKey(st("unknown", "warning"))).toBe("st:wamid.1:unknown:warning");
    const a = dedupeKey({ kind: "unknown", channelKey, reason: "x", raw: { field: "account_update", n: 1 } });
    const b = dedupeKey({ kind: "unknown", channelKey, reason: "x", raw: { field: "account_update", n: 1 } });
    const c = dedupeKey({ kind: "unknown", channelKey, reason: "x", raw: { field: "account_update", n: 2 } });
    expect(a).toMatch(/^unk:[0-9a-f]{64}$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("the same webhook delivered twice yields the same keys", () => {
    const raw = fixture("meta.status.sent.json");
    const once = getAdapter("meta").parse(raw, "application/json").events.map(dedupeKey);
    const twice = getAdapter("meta").parse(raw, "application/json", { now: new Date(0) }).events.map(dedupeKey);
    expect(once).toEqual(twice);
  });
});

describe("maskSecrets", () => {
  it("masks exactly the adapter's secret fields", () => {
    const config = getAdapter("meta").configSchema.parse({
      phoneNumberId: "1",
      accessToken: "EAAG1234567890abcdefWXYZ",
      appSecret: "short",
      verifyToken: "vt",
    });
    const masked = maskSecrets(getAdapter("meta"), config);
    expect(masked.phoneNumberId).toBe("1");
    expect(masked.accessToken).toMatch(/WXYZ$/);
    expect(masked.accessToken).not.toContain("EAAG");
    expect(isMaskedValue(masked.accessToken)).toBe(true);
    expect(isMaskedValue(masked.appSecret)).toBe(true);
    expect(masked.appSecret).not.toContain("short");
    expect(config.accessToken).toBe("EAAG1234567890abcdefWXYZ");
  });
});
