import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { gt, inArray } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/route";
import { getDb } from "@/db";
import { channels, contacts, conversations, messages, messageStatusEvents, webhookEvents } from "@/db/schema";
import { fixture } from "@/lib/channels/testing/fixtures";
import { familyOf, fuzzBody, fuzzRuns, fuzzTimeout, prototypePollution, runFuzz, signedHeaders, type FuzzBody, type FuzzSecrets } from "@/lib/channels/testing/fuzz";
import type { WebhookProvider } from "@/lib/channels/types";
import { whenIdle } from "./background";
import { setBotRunner } from "./bot";
import { createChannel } from "./channel-admin";
import { invalidateChannelCache } from "./channel-cache";
import { params, SYSTEM_ACTOR } from "@/test/messaging";

/**
 * Route-level fuzz, on the test database (PostgreSQL in CI, PGlite locally without
 * DATABASE_URL): correctly signed malformed bodies POSTed to /api/webhooks/{provider} for
 * every provider, each processed after the answer like in production. Properties: the
 * answer is 200, 400 (with a message) or 413 — never 5xx, never 401 for a body signed
 * right; processing never fails; Object.prototype is never polluted; and no row stored
 * before the fuzzing changes. The cases
 * the fuzzer found are pinned below.
 */

// Thousands of refusals and flagged events would each log a warning; FUZZ_LOG_LEVEL=warn shows them.
vi.hoisted(() => {
  process.env.LOG_LEVEL = process.env.FUZZ_LOG_LEVEL ?? "error";
});

const BASE = "http://localhost:3000/api/webhooks";
/** The fixtures' business numbers, so mutated fixtures reach processing (not only intake). */
const PHONE_NUMBER_ID = "109876543210987";

const secrets: FuzzSecrets = {
  metaAppSecret: randomBytes(16).toString("hex"),
  d360Secret: randomBytes(16).toString("hex"),
  ycloudSecret: `whsec_${randomBytes(16).toString("hex")}`,
  twilioAuthToken: randomBytes(16).toString("hex"),
};

/** Cases per provider (each one a request, its processing and checks); FUZZ_RUNS overrides them all. */
const RUNS: Record<WebhookProvider, number> = { meta: 200, "360dialog": 100, ycloud: 150, twilio: 200 };

/** What the cases led to, printed after each provider's run to show how deep the fuzzing went. */
const tally = { answers: new Map<number, number>(), stored: new Map<string, number>() };

/** Rows stored before the fuzzing: their ids, and their content as JSON. */
let baseline: { ids: Record<string, (string | number)[]>; json: string };
let lastEventId = 0;

async function storedRows(ids: Record<string, (string | number)[]>) {
  const db = await getDb();
  return JSON.stringify({
    channels: await db.select().from(channels).where(inArray(channels.id, ids.channels as string[])).orderBy(channels.id),
    events: await db.select().from(webhookEvents).where(inArray(webhookEvents.id, ids.events as number[])).orderBy(webhookEvents.id),
    contacts: await db.select().from(contacts).where(inArray(contacts.id, ids.contacts as string[])).orderBy(contacts.id),
    conversations: await db.select().from(conversations).where(inArray(conversations.id, ids.conversations as string[])).orderBy(conversations.id),
    messages: await db.select().from(messages).where(inArray(messages.id, ids.messages as string[])).orderBy(messages.id),
    statuses: await db.select().from(messageStatusEvents).where(inArray(messageStatusEvents.id, ids.statuses as number[])).orderBy(messageStatusEvents.id),
  });
}

async function post(provider: WebhookProvider, body: FuzzBody, variant = 0) {
  const url = `${BASE}/${provider}`;
  const req = new NextRequest(url, { method: "POST", headers: signedHeaders(provider, body, secrets, url, variant), body: body.bytes as Uint8Array<ArrayBuffer> });
  const res = await webhookRoute.POST(req, params({ provider }));
  const text = await res.text();
  // Processing runs after the answer; wait for it like the provider's next delivery would not.
  await whenIdle();
  return { status: res.status, text };
}

/** Throws what went wrong, or returns the answer when every property holds. */
async function checkCase(provider: WebhookProvider, body: FuzzBody, variant = 0): Promise<{ status: number; text: string }> {
  const { status, text } = await post(provider, body, variant);
  const polluted = prototypePollution();
  if (polluted) throw new Error(polluted);
  if (status >= 500) throw new Error(`${status} ${text}`);
  if (status === 401) throw new Error(`a correctly signed body was refused: ${text}`);
  if (![200, 400, 413].includes(status)) throw new Error(`unexpected ${status} ${text}`);
  if (status === 400) {
    const answer = JSON.parse(text) as { error?: unknown };
    if (typeof answer.error !== "string" || answer.error.length === 0) throw new Error(`400 without a message: ${text}`);
  }
  const db = await getDb();
  const fresh = await db.select({ id: webhookEvents.id, state: webhookEvents.state, lastError: webhookEvents.lastError, attempts: webhookEvents.attempts }).from(webhookEvents).where(gt(webhookEvents.id, lastEventId));
  tally.answers.set(status, (tally.answers.get(status) ?? 0) + 1);
  for (const e of fresh) {
    lastEventId = Math.max(lastEventId, e.id);
    tally.stored.set(e.state, (tally.stored.get(e.state) ?? 0) + 1);
  }
  const failed = fresh.filter((e) => e.lastError !== null || e.attempts > 0 || e.state === "failed" || e.state === "pending" || e.state === "processing");
  if (failed.length > 0) throw new Error(`processing failed: ${JSON.stringify(failed)}`);
  const now = await storedRows(baseline.ids);
  if (now !== baseline.json) throw new Error("a row stored before this request changed");
  return { status, text };
}

function text(bytes: string, contentType = "application/json"): FuzzBody {
  return { label: "example", bytes: new TextEncoder().encode(bytes), contentType };
}

beforeAll(async () => {
  setBotRunner(null);
  const db = await getDb();
  const created = await Promise.all([
    createChannel(db, SYSTEM_ACTOR, {
      provider: "meta",
      name: "Fuzz Meta",
      config: { phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: "+15550101234", accessToken: "EAAG-fuzz", appSecret: secrets.metaAppSecret, verifyToken: "fuzz-verify", apiBaseUrl: "https://graph.test" },
    }),
    createChannel(db, SYSTEM_ACTOR, {
      provider: "360dialog",
      name: "Fuzz 360dialog",
      config: { apiKey: "d360-fuzz", phoneNumberId: PHONE_NUMBER_ID, webhookSecret: secrets.d360Secret, apiBaseUrl: "https://waba.test" },
    }),
    createChannel(db, SYSTEM_ACTOR, {
      provider: "ycloud",
      name: "Fuzz YCloud",
      config: { apiKey: "yc-fuzz", phoneNumber: "+15550101234", webhookSecret: secrets.ycloudSecret, apiBaseUrl: "https://ycloud.test" },
    }),
    createChannel(db, SYSTEM_ACTOR, {
      provider: "twilio",
      name: "Fuzz Twilio",
      config: { accountSid: "AC7f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9c", authToken: secrets.twilioAuthToken, phoneNumber: "+14155238886", apiBaseUrl: "https://twilio.test" },
    }),
  ]);
  invalidateChannelCache();

  // One conversation per provider from a customer no generator writes as, stored the normal way.
  const customer = "447700900123";
  const meta = fixture("meta.text.json").replace(/5511987654321/g, customer).replace(/wamid\.[A-Za-z0-9]+/, "wamid.BASELINE-META");
  const d360 = fixture("d360.inbound.text.json").replace(/5511987654321/g, customer).replace(/wamid\.[A-Za-z0-9]+/, "wamid.BASELINE-D360");
  const ycloud = fixture("ycloud.inbound.text.json").replace(/5511987654321/g, customer).replace(/"wamid\.[A-Za-z0-9]+"/, '"wamid.BASELINE-YCLOUD"');
  const twilio = fixture("twilio.inbound.text.form").trim().replace(/5511987654321/g, customer).replace(/SM4a1c9e7b3d5f2a8c6e0b4d9f1a3c5e7b/g, "SMbaseline0000000000000000000000");
  for (const [provider, raw, ct] of [
    ["meta", meta, "application/json"],
    ["360dialog", d360, "application/json"],
    ["ycloud", ycloud, "application/json"],
    ["twilio", twilio, "application/x-www-form-urlencoded"],
  ] as const) {
    expect((await post(provider, text(raw, ct))).status).toBe(200);
  }

  const ids = {
    channels: created.map((c) => c.id),
    events: (await db.select({ id: webhookEvents.id }).from(webhookEvents)).map((r) => r.id),
    contacts: (await db.select({ id: contacts.id }).from(contacts)).map((r) => r.id),
    conversations: (await db.select({ id: conversations.id }).from(conversations)).map((r) => r.id),
    messages: (await db.select({ id: messages.id }).from(messages)).map((r) => r.id),
    statuses: (await db.select({ id: messageStatusEvents.id }).from(messageStatusEvents)).map((r) => r.id),
  };
  expect(ids.messages).toHaveLength(4);
  expect(ids.contacts).toHaveLength(4);
  lastEventId = Math.max(0, ...(ids.events as number[]));
  baseline = { ids, json: await storedRows(ids) };
});

afterEach(async () => {
  await whenIdle();
});

/** Now and then a body past WEBHOOK_MAX_BODY_BYTES (3 MB by default): 413, never read into the database. */
const oversized = fc.constant(null).map((): FuzzBody => {
  const body = fixture("meta.text.json").replace("Oi! Quero", `${"x".repeat(3 * 1024 * 1024)} Quero`);
  return { label: "3 MB text", bytes: new TextEncoder().encode(body), contentType: "application/json", [fc.toStringMethod]: () => "3 MB text" } as FuzzBody;
});

describe("webhook route under fuzzing", () => {
  for (const [index, provider] of (["meta", "360dialog", "ycloud", "twilio"] as const).entries()) {
    it(
      `${provider}: signed malformed bodies get 200, 400 or 413, process cleanly and leave stored rows alone`,
      async () => {
        const runs = fuzzRuns(RUNS[provider]);
        tally.answers.clear();
        tally.stored.clear();
        const body = fc.oneof({ weight: 60, arbitrary: fuzzBody(familyOf(provider)) }, { weight: 1, arbitrary: oversized });
        const cases = await runFuzz(
          `${provider} route`,
          fc.asyncProperty(body, fc.nat(), async (b, variant) => {
            await checkCase(provider, b, variant);
          }),
          runs,
          // No shrinking: a failed case may leave state behind that would fail every later one.
          // Meta and 360dialog share a generator: their own seeds, so not the same cases twice.
          { endOnFailure: true, seedOffset: index },
        );
        const list = (m: Map<number | string, number>) => [...m].sort().map(([k, n]) => `${k}×${n}`).join(", ");
        console.log(`[fuzz] ${provider} route: answers ${list(tally.answers)}; events stored ${list(tally.stored)} (done = processed)`);
        expect(cases).toBe(runs);
      },
      fuzzTimeout(60_000),
    );
  }
});

describe("pinned cases the fuzzer found", () => {
  it("answers 400 to JSON nested 20,000 levels deep (it was a 503: the stack overflowed while storing it)", async () => {
    const deep = fixture("meta.text.json").replace('"type": "text"', `"type": "text", "deep": ${"[".repeat(20_000)}${"]".repeat(20_000)}`);
    for (const provider of ["meta", "360dialog"] as const) {
      expect(await checkCase(provider, text(deep))).toEqual({ status: 400, text: JSON.stringify({ error: "Body nests deeper than 64 levels" }) });
    }
  });

  it("stores and processes U+0000 and unpaired surrogates as U+FFFD (it was a 503: PostgreSQL refused them)", async () => {
    const meta = fixture("meta.text.json").replace("Oi! Quero", "Oi\\u0000 \\ud83d Quero").replace(/wamid\.[A-Za-z0-9]+/, "wamid.PINNED-NUL");
    expect((await checkCase("meta", text(meta))).status).toBe(200);
    const form = fixture("twilio.inbound.text.form").trim().replace("Body=Oi", "Body=O%00i").replace(/SM4a1c9e7b3d5f2a8c6e0b4d9f1a3c5e7b/g, "SMpinnedNul000000000000000000000") + "&R%00eferral=%00";
    expect((await checkCase("twilio", text(form, "application/x-www-form-urlencoded"))).status).toBe(200);
    const db = await getDb();
    const stored = await db.select({ id: messages.providerMessageId, text: messages.text }).from(messages).where(inArray(messages.providerMessageId, ["wamid.PINNED-NUL", "SMpinnedNul000000000000000000000"]));
    expect(stored.map((m) => m.text).sort()).toEqual(["Oi\ufffd \ufffd Quero saber o horário de funcionamento.", "O\ufffdi! Quero saber o horário de funcionamento."]);
  });

  it("stores a message whose id is too long to be real as a flagged unknown event (it was a 503: the dedupe key broke its unique index)", async () => {
    // High-entropy, so PostgreSQL cannot compress the index entry under its 2704-byte limit.
    const id = randomBytes(1_500).toString("hex");
    const before = lastEventId;
    for (const provider of ["meta", "360dialog"] as const) {
      const body = fixture("meta.text.json").replace(/wamid\.[A-Za-z0-9]+/, `wamid.${id}`);
      expect((await checkCase(provider, text(body))).status).toBe(200);
    }
    const db = await getDb();
    const stored = await db.select({ state: webhookEvents.state, note: webhookEvents.note }).from(webhookEvents).where(gt(webhookEvents.id, before));
    expect(stored).toEqual([
      { state: "flagged", note: "unknown event: message providerMessageId longer than 256 characters" },
      { state: "flagged", note: "unknown event: message providerMessageId longer than 256 characters" },
    ]);
  });

  it("processes a message whose timestamp PostgreSQL cannot store with the time it arrived (processing failed, retried, and marked the channel as failing)", async () => {
    const started = Date.now();
    for (const [timestamp, wamid] of [
      ["99999999999999", "wamid.PINNED-INVALID-DATE"],
      ["300000000000", "wamid.PINNED-YEAR-11476"],
    ]) {
      const body = fixture("meta.text.json").replace('"1763712001"', `"${timestamp}"`).replace(/wamid\.[A-Za-z0-9]+/, wamid!);
      expect((await checkCase("meta", text(body))).status).toBe(200);
    }
    const ycloud = fixture("ycloud.inbound.text.json")
      .replace('"sendTime": "2025-11-21T08:00:01.000Z"', '"sendTime": "+275760-09-13T00:00:00.000Z"')
      .replace(/"wamid\.[A-Za-z0-9]+"/, '"wamid.PINNED-YEAR-275760"');
    expect(ycloud).toContain("+275760");
    expect((await checkCase("ycloud", text(ycloud))).status).toBe(200);
    const db = await getDb();
    const stored = await db.select({ id: messages.providerMessageId, at: messages.providerTimestamp }).from(messages).where(inArray(messages.providerMessageId, ["wamid.PINNED-INVALID-DATE", "wamid.PINNED-YEAR-11476", "wamid.PINNED-YEAR-275760"]));
    expect(stored).toHaveLength(3);
    for (const m of stored) {
      // Meta: the time it arrived; YCloud: the envelope's createTime.
      if (m.id === "wamid.PINNED-YEAR-275760") expect(m.at).toEqual(new Date("2025-11-21T08:00:05.000Z"));
      else expect(m.at!.getTime()).toBeGreaterThanOrEqual(started - 1000);
    }
  });

  it("stores a Twilio status named like an Object.prototype member as unknown (\"constructor\" was looked up as Object)", async () => {
    for (const [status, sid] of [
      ["constructor", "SMpinnedProto1000000000000000000"],
      ["toString", "SMpinnedProto2000000000000000000"],
      ["__proto__", "SMpinnedProto3000000000000000000"],
    ]) {
      const form = fixture("twilio.status.failed.form").trim().replace("MessageStatus=failed", `MessageStatus=${status}`).replace("ErrorCode=63016", "ErrorCode=hasOwnProperty").replace(/SM1c9e7a5d1f3b0c6e4a8d2f7b9c1e3a5d/g, sid!);
      expect((await checkCase("twilio", text(form, "application/x-www-form-urlencoded"))).status).toBe(200);
    }
    const db = await getDb();
    const stored = await db.select({ providerMessageId: messageStatusEvents.providerMessageId, status: messageStatusEvents.status }).from(messageStatusEvents).where(inArray(messageStatusEvents.providerMessageId, ["SMpinnedProto1000000000000000000", "SMpinnedProto2000000000000000000", "SMpinnedProto3000000000000000000"]));
    expect(stored.map((s) => s.status)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("answers 400 to a signed body that is not UTF-8 or starts with a BOM (it was 401 \"signature mismatch\": req.text() rewrote the bytes)", async () => {
    const bytes = new TextEncoder().encode(fixture("meta.text.json"));
    const at = bytes.indexOf(0x4f); // the "O" of "Oi!"
    const latin1 = new Uint8Array([...bytes.slice(0, at), 0xe9, ...bytes.slice(at)]);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    for (const provider of ["meta", "360dialog", "ycloud"] as const) {
      expect(await checkCase(provider, { label: "latin-1 byte", bytes: latin1, contentType: "application/json" })).toEqual({ status: 400, text: JSON.stringify({ error: "Body is not valid UTF-8" }) });
      expect(await checkCase(provider, { label: "BOM", bytes: bom, contentType: "application/json" })).toEqual({ status: 400, text: JSON.stringify({ error: "Body is not JSON" }) });
    }
    const form = new TextEncoder().encode(fixture("twilio.inbound.text.form").trim());
    expect((await checkCase("twilio", { label: "latin-1 byte", bytes: new Uint8Array([...form, 0x26, 0x42, 0x3d, 0xe9]), contentType: "application/x-www-form-urlencoded" })).status).toBe(400);
  });
});
