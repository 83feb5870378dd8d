import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaSignature } from "@/lib/sandbox/wire";
import { counts, countingBot, createMetaChannel, metaInboundBody, snapshot, type TestMetaChannel } from "@/test/messaging";
import { whenIdle } from "./background";
import { setBotRunner } from "./bot";
import { processEvents, rememberEvents, takeRemembered } from "./process";
import { handleWebhookNode, webhookProvider } from "./webhook-node";
import type { ProcessingWorkerPort, ToWorker } from "./worker-protocol";

/**
 * The lean intake path (server.mjs → handleWebhookNode) over a real node:http server:
 * the same answers as the Next route, the event stored before the 200 and processed
 * after it.
 */
let server: http.Server;
let base: string;
let channel: TestMetaChannel;
const bot = countingBot({ reply: () => null });

beforeAll(async () => {
  channel = await createMetaChannel();
  setBotRunner(bot.runner);
  server = http.createServer((req, res) => {
    const provider = webhookProvider(req.url);
    if (!provider) {
      res.writeHead(404).end("not a webhook");
      return;
    }
    void handleWebhookNode(req, res, provider);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("webhookProvider", () => {
  it.each([
    ["/api/webhooks/meta", "meta"],
    ["/api/webhooks/360dialog/", "360dialog"],
    ["/api/webhooks/twilio?x=1", "twilio"],
    ["/api/webhooks/meta/extra", null],
    ["/api/webhooksmeta", null],
    ["/api/v1/channels", null],
    [undefined, null],
  ])("%s → %s", (url, expected) => {
    expect(webhookProvider(url)).toBe(expected);
  });
});

describe("handleWebhookNode", () => {
  it("a signed message: 200 OK once stored, then processed once", async () => {
    const runs = bot.runs.length;
    const { rawBody } = metaInboundBody(channel, { from: "447700900123", text: "hello lean" });
    const res = await post("/api/webhooks/meta", rawBody, { "x-hub-signature-256": metaSignature(rawBody, channel.appSecret) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("OK");
    await whenIdle();
    expect(bot.runs.slice(runs).map((r) => r.text)).toEqual(["hello lean"]);
    // Meta redelivers the same bytes: answered 200, nothing new.
    const again = await post("/api/webhooks/meta", rawBody, { "x-hub-signature-256": metaSignature(rawBody, channel.appSecret) });
    expect(again.status).toBe(200);
    await whenIdle();
    expect(bot.runs.length).toBe(runs + 1);
  });

  it("with a processing worker, the stored events go to it (ids and parsed events) and are not processed here", async () => {
    const g = globalThis as unknown as { __tickflowProcessingWorker?: ProcessingWorkerPort };
    const posted: ToWorker[] = [];
    g.__tickflowProcessingWorker = { post: (message) => posted.push(structuredClone(message)) };
    const runs = bot.runs.length;
    try {
      const { rawBody } = metaInboundBody(channel, { from: "447700900124", text: "to the worker" });
      const res = await post("/api/webhooks/meta", rawBody, { "x-hub-signature-256": metaSignature(rawBody, channel.appSecret) });
      expect(res.status).toBe(200);
      await whenIdle();
    } finally {
      g.__tickflowProcessingWorker = undefined;
    }
    expect(bot.runs.length).toBe(runs);
    expect(posted).toHaveLength(1);
    const [handed] = posted;
    if (handed?.type !== "events") throw new Error(`expected events, got ${handed?.type}`);
    expect(handed.events.map((e) => e.id)).toEqual(handed.ids);
    expect(handed.events[0]!.event).toMatchObject({ kind: "message", text: "to the worker" });
    // This thread forgot them; what the worker does with the message (processing-worker.ts):
    expect(takeRemembered(handed.ids)).toEqual([]);
    rememberEvents(handed.events);
    await processEvents(handed.ids);
    expect(bot.runs.slice(runs).map((r) => r.text)).toEqual(["to the worker"]);
  });

  it("refuses what the route refuses, storing nothing", async () => {
    const before = await snapshot();
    const { rawBody } = metaInboundBody(channel, { text: "forged" });
    const forged = await post("/api/webhooks/meta", rawBody, { "x-hub-signature-256": metaSignature(rawBody, "wrong secret") });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: "unauthorized" });
    const unknown = await post("/api/webhooks/whatsup", rawBody);
    expect(unknown.status).toBe(404);
    // Past the limit once verified (5 MB > 3 MB); far past it (13 MB > 4 × 3 MB), refused unread.
    const big = JSON.stringify({ object: "whatsapp_business_account", pad: "x".repeat(5 * 1024 * 1024) });
    const tooBig = await post("/api/webhooks/meta", big, { "x-hub-signature-256": metaSignature(big, channel.appSecret) });
    expect(tooBig.status).toBe(413);
    const huge = await post("/api/webhooks/meta", "x".repeat(13 * 1024 * 1024));
    expect(huge.status).toBe(413);
    const latin1 = Buffer.concat([Buffer.from('{"object":"whatsapp_business_account","x":"'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const notUtf8 = await fetch(`${base}/api/webhooks/meta`, { method: "POST", body: latin1, headers: { "content-type": "application/json", "x-hub-signature-256": metaSignature(latin1.toString("latin1"), channel.appSecret) } });
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.json()).toEqual({ error: "Body is not valid UTF-8" });
    const notJson = "{not json";
    const bad = await post("/api/webhooks/meta", notJson, { "x-hub-signature-256": metaSignature(notJson, channel.appSecret) });
    expect(bad.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it("GET answers Meta's verification handshake", async () => {
    const before = await counts();
    const ok = await fetch(`${base}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=${channel.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await fetch(`${base}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(wrong.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
