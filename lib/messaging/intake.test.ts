import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as webhookRoute from "@/app/api/webhooks/[provider]/route";
import { getDb } from "@/db";
import { messages, webhookEvents } from "@/db/schema";
import { fixture, signatures } from "@/lib/channels/testing/fixtures";
import { createChannel } from "./channel-admin";
import { whenIdle } from "./background";
import { setBotRunner } from "./bot";
import { receiveWebhook } from "./intake";
import { processEvents } from "./process";
import {
  counts,
  countingBot,
  deliverAndProcess,
  createMetaChannel,
  metaInboundBody,
  metaRequest,
  messagesOfChannel,
  params,
  snapshot,
  SYSTEM_ACTOR,
  type TestMetaChannel,
} from "@/test/messaging";
import { metaSignature } from "@/lib/sandbox/wire";
import { NextRequest } from "next/server";

/** The webhook hot path: verification, limits, parsing, dedupe — on PostgreSQL or PGlite. */
let channel: TestMetaChannel;
let existing: { wamid: string; from: string };

beforeAll(async () => {
  channel = await createMetaChannel();
  // Something already stored, which bad requests must leave exactly as it is.
  const first = metaInboundBody(channel, { from: "919959623255", text: "original" });
  await deliverAndProcess(metaRequest(first.rawBody, channel.appSecret));
  existing = first;
});

afterEach(async () => {
  await whenIdle();
  setBotRunner(null);
});

describe("bad input changes nothing already stored", () => {
  it("answers 401 to a wrong signature and to no signature, storing nothing", async () => {
    // A forged redelivery of a stored message with other content, and a new one.
    const { rawBody } = metaInboundBody(channel, { from: existing.from, wamid: existing.wamid, text: "forged" });
    const before = await snapshot();
    const wrong = await receiveWebhook(metaRequest(rawBody, "not-the-app-secret"));
    const none = await receiveWebhook(metaRequest(rawBody, null));
    const malformed = await receiveWebhook(metaRequest(rawBody, null, { "x-hub-signature-256": "sha256=xyz" }));
    expect([wrong.status, none.status, malformed.status]).toEqual([401, 401, 401]);
    expect(JSON.parse(none.body)).toEqual({ error: "unauthorized", reason: "missing X-Hub-Signature-256 header" });
    // The 401 never reveals the expected signature.
    expect(wrong.body).not.toContain(metaSignature(rawBody, channel.appSecret).slice(7));
    const fresh = metaInboundBody(channel, { text: "forged too" }).rawBody;
    expect((await receiveWebhook(metaRequest(fresh, "wrong"))).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 400 to a signed body that is not JSON", async () => {
    const before = await snapshot();
    const res = await receiveWebhook(metaRequest("{not json", channel.appSecret));
    expect(res.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("answers 413 to a 5 MB body", async () => {
    const before = await snapshot();
    const { rawBody } = metaInboundBody(channel, { text: "x".repeat(5 * 1024 * 1024) });
    const res = await receiveWebhook(metaRequest(rawBody, channel.appSecret));
    expect(res.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it("stores an unknown `object` and an unknown message type, answering 200", async () => {
    const db = await getDb();
    const before = await counts();
    const unknownObject = JSON.stringify({ object: "instagram", entry: [{ id: "1", changes: [{ field: "comments", value: { metadata: { phone_number_id: channel.phoneNumberId } } }] }] });
    const a = await receiveWebhook(metaRequest(unknownObject, channel.appSecret));
    expect(a.status).toBe(200);
    expect(a.eventIds).toEqual([]);
    const [stored] = (await db.select().from(webhookEvents).where(eq(webhookEvents.channelId, channel.id))).filter((e) => e.kind === "unknown");
    expect(stored).toMatchObject({ kind: "unknown", state: "flagged" });
    expect(stored!.note).toMatch(/unknown event: unsupported field: comments/);

    const { rawBody, wamid } = metaInboundBody(channel, { from: "5511911110000", message: { type: "hologram", hologram: { depth: 3 } } });
    const b = await receiveWebhook(metaRequest(rawBody, channel.appSecret));
    expect(b.status).toBe(200);
    await processEvents(b.eventIds);
    const rows = await messagesOfChannel(channel.id);
    const weird = rows.find((m) => m.providerMessageId === wamid)!;
    expect(weird).toMatchObject({ direction: "in", type: "unknown", status: "received" });
    expect(weird.content.raw).toMatchObject({ type: "hologram" });
    const after = await counts();
    expect(after.events).toBe(before.events + 2);
  });

  it("stores a message for an unknown business number flagged, not lost", async () => {
    const db = await getDb();
    const other = { ...channel, phoneNumberId: "999000111222", displayPhoneNumber: "15559990000" };
    const { rawBody } = metaInboundBody(other, { text: "hello?" });
    // Signed by the same Meta app (one app, several numbers).
    const res = await receiveWebhook(metaRequest(rawBody, channel.appSecret));
    expect(res.status).toBe(200);
    expect(res.eventIds).toEqual([]);
    const flagged = await db.select().from(webhookEvents).where(eq(webhookEvents.state, "flagged"));
    const row = flagged.find((r) => r.note?.includes("999000111222"))!;
    expect(row).toMatchObject({ channelId: null, kind: "message" });
    expect(row.note).toBe("unknown business number: phone_number_id 999000111222, number +15559990000");
  });
});

describe("other providers", () => {
  it("takes a signed Twilio form post, answers TwiML, stores and processes the message", async () => {
    const vector = signatures().twilio.vectors.find((v) => v.file === "twilio.inbound.text.form")!;
    const db = await getDb();
    await createChannel(db, SYSTEM_ACTOR, {
      provider: "twilio",
      name: "Twilio",
      config: { accountSid: "AC7f3c2e1d0b9a8f7e6d5c4b3a2f1e0d9c", authToken: signatures().twilio.auth_token, phoneNumber: "+14155238886", publicWebhookUrl: vector.url },
    });
    const rawBody = fixture("twilio.inbound.text.form");
    const headers = new Headers({ "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": vector["X-Twilio-Signature"] });
    const forged = await receiveWebhook({ provider: "twilio", method: "POST", url: "http://localhost:3000/api/webhooks/twilio", headers: new Headers({ "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAA" }), rawBody });
    expect(forged.status).toBe(401);
    const res = await receiveWebhook({ provider: "twilio", method: "POST", url: "http://localhost:3000/api/webhooks/twilio", headers, rawBody });
    expect(res).toMatchObject({ status: 200, body: "<Response/>", headers: { "content-type": "text/xml" } });
    await processEvents(res.eventIds);
    const stored = await db.select().from(messages).where(eq(messages.providerMessageId, "SM4a1c9e7b3d5f2a8c6e0b4d9f1a3c5e7b"));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: "in", type: "text", text: "Oi! Quero saber o horário de funcionamento." });
  });
});

describe("exactly once", () => {
  it("turns the same webhook posted 5× concurrently into one message and one bot run", async () => {
    const bot = countingBot();
    setBotRunner(bot.runner);
    const { rawBody, wamid } = metaInboundBody(channel, { from: "919800000001", text: "hi" });
    const results = await Promise.all(Array.from({ length: 5 }, () => receiveWebhook(metaRequest(rawBody, channel.appSecret))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const ids = results.flatMap((r) => r.eventIds);
    expect(ids).toHaveLength(1);
    // Even if every request (and a sweeper) tried to process it at once.
    await Promise.all([processEvents(ids), processEvents(ids), processEvents(ids), ...results.map((r) => processEvents(r.eventIds))]);
    const rows = (await messagesOfChannel(channel.id)).filter((m) => m.providerMessageId === wamid);
    expect(rows).toHaveLength(1);
    expect(bot.runs.filter((r) => r.text === "hi")).toHaveLength(1);
  });

  it("runs the real route: 200 with the event stored, processed after the answer", async () => {
    const bot = countingBot();
    setBotRunner(bot.runner);
    const { rawBody, wamid } = metaInboundBody(channel, { from: "919800000002", text: "via route" });
    const req = new NextRequest("http://localhost:3000/api/webhooks/meta", {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": metaSignature(rawBody, channel.appSecret) },
      body: rawBody,
    });
    const res = await webhookRoute.POST(req, params({ provider: "meta" }));
    expect(res.status).toBe(200);
    await whenIdle();
    expect((await messagesOfChannel(channel.id)).some((m) => m.providerMessageId === wamid)).toBe(true);
    expect(bot.runs.map((r) => r.text)).toEqual(["via route"]);
  });

  it("answers Meta's verification handshake only with the right verify token", async () => {
    const url = (token: string) => `http://localhost:3000/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await receiveWebhook({ provider: "meta", method: "GET", url: url(channel.verifyToken), headers: new Headers(), rawBody: "" });
    expect(ok).toMatchObject({ status: 200, body: "1158201444" });
    const bad = await receiveWebhook({ provider: "meta", method: "GET", url: url("nope"), headers: new Headers(), rawBody: "" });
    expect(bad.status).toBe(403);
    const unknown = await receiveWebhook({ provider: "whatsapp", method: "POST", url: "http://localhost:3000/api/webhooks/whatsapp", headers: new Headers(), rawBody: "{}" });
    expect(unknown.status).toBe(404);
  });
});
