import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as graphRoute from "@/app/api/sandbox/graph/[...path]/route";
import * as testRoute from "@/app/api/v1/channels/[id]/test/route";
import * as messagesRoute from "@/app/api/v1/conversations/[id]/messages/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as simulatorRoute from "@/app/api/v1/simulator/route";
import * as faultsRoute from "@/app/api/v1/simulator/faults/route";
import * as phoneRoute from "@/app/api/v1/simulator/messages/route";
import * as readRoute from "@/app/api/v1/simulator/read/route";
import { getDb } from "@/db";
import { whenIdle } from "@/lib/messaging/background";
import { setBotRunner } from "@/lib/messaging/bot";
import { configureDispatcher } from "@/lib/messaging/dispatcher";
import { apiRequest, countingBot, params, userWithToken, waitFor } from "@/test/messaging";
import { ensureSandboxChannel, SANDBOX_PHONE_NUMBER_ID } from "./channel";

/**
 * The sandbox end to end, in process: simulator phone → signed inbound webhook → intake →
 * processing → a test message → dispatcher → mock Graph API (over the injected fetch) →
 * signed status webhooks → reducer; then the phone reads it. Fault switches included.
 */
const noParams = params({});
let admin: { token: string };
let editor: { token: string };
let sandboxId: string;

/** The dispatcher's HTTP port: requests to the app's own origin go to its route handlers. */
const appFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(String(input));
  const prefix = "/api/sandbox/graph/";
  if (url.origin !== "http://localhost:3000" || !url.pathname.startsWith(prefix)) throw new Error(`unexpected request to ${url}`);
  const req = new NextRequest(url, { method: init?.method, headers: init?.headers, body: init?.body as string });
  return graphRoute.POST(req, params({ path: url.pathname.slice(prefix.length).split("/") }));
}) as typeof fetch;

beforeAll(async () => {
  const db = await getDb();
  const first = await ensureSandboxChannel(db);
  const again = await ensureSandboxChannel(db);
  expect(first.created).toBe(true);
  expect(again).toEqual({ id: first.id, created: false });
  sandboxId = first.id;
  admin = await userWithToken("admin");
  editor = await userWithToken("editor");
});

afterEach(async () => {
  await whenIdle();
  setBotRunner(null);
  configureDispatcher();
  await faultsRoute.PUT(apiRequest("/api/v1/simulator/faults", { method: "PUT", token: editor.token, body: { dropDelivered: false, reorder: false, duplicate: false, fail131026: false, delayMs: 0 } }), noParams);
});

async function phoneSays(waId: string, text: string) {
  const res = await phoneRoute.POST(apiRequest("/api/v1/simulator/messages", { method: "POST", token: editor.token, body: { from: { waId, name: "Ravi Kumar" }, message: { type: "text", text } } }), noParams);
  expect(res.status).toBe(202);
  await whenIdle();
  return (await res.json()) as { wamid: string };
}

async function conversationOf(waId: string) {
  const res = await conversationsRoute.GET(apiRequest(`/api/v1/conversations?channelId=${sandboxId}&q=${waId}`, { token: admin.token }), noParams);
  const { items } = (await res.json()) as { items: { id: string; contact: { waId: string } }[] };
  return items.find((c) => c.contact.waId === waId)!;
}

interface ApiMessage {
  id: string;
  direction: string;
  text: string;
  status: string;
  providerMessageId: string | null;
  statusHistory: { status: string; error?: { code: string } }[];
  error: { code: string; title: string; meaning: string } | null;
}

async function threadOf(conversationId: string): Promise<ApiMessage[]> {
  const res = await messagesRoute.GET(apiRequest(`/api/v1/conversations/${conversationId}/messages`, { token: admin.token }), params({ id: conversationId }));
  return ((await res.json()) as { items: ApiMessage[] }).items;
}

async function sendTest(to: string, text: string): Promise<ApiMessage> {
  const res = await testRoute.POST(apiRequest(`/api/v1/channels/${sandboxId}/test`, { method: "POST", token: admin.token, body: { to, text } }), params({ id: sandboxId }));
  expect(res.status).toBe(201);
  return (await res.json()) as ApiMessage;
}

async function settled(conversationId: string, messageId: string, status: string) {
  return waitFor(async () => {
    await whenIdle();
    const m = (await threadOf(conversationId)).find((x) => x.id === messageId);
    return m?.status === status ? m : null;
  }, 10_000, `message ${status}`);
}

describe("sandbox round trip", () => {
  it("shows the sandbox channel and its faults to the simulator", async () => {
    const res = await simulatorRoute.GET(apiRequest("/api/v1/simulator", { token: editor.token }), noParams);
    expect(await res.json()).toEqual({
      channel: { id: sandboxId, name: "Sandbox", phoneNumberId: SANDBOX_PHONE_NUMBER_ID, displayPhoneNumber: "15550000001" },
      faults: { dropDelivered: false, reorder: false, duplicate: false, fail131026: false, delayMs: 0 },
    });
  });

  it("phone → inbound → test message → mock Graph → delivered → read", async () => {
    configureDispatcher({ fetch: appFetch });
    const bot = countingBot();
    setBotRunner(bot.runner);
    const waId = "919959623255";
    const { wamid } = await phoneSays(waId, "hi 👋");
    expect(bot.runs.map((r) => r.text)).toEqual(["hi 👋"]);
    const conversation = await conversationOf(waId);
    const inbound = (await threadOf(conversation.id))[0]!;
    expect(inbound).toMatchObject({ direction: "in", text: "hi 👋", providerMessageId: wamid, status: "received" });

    const queued = await sendTest(waId, "Hello! Type 1 for price, 2 for support.");
    expect(queued.status).toBe("queued");
    const delivered = await settled(conversation.id, queued.id, "delivered");
    expect(delivered.providerMessageId).toMatch(/^wamid\./);
    expect(delivered.statusHistory.map((h) => h.status)).toEqual(["queued", "accepted", "sent", "delivered"]);

    const phone = (await (await phoneRoute.GET(apiRequest(`/api/v1/simulator/messages?waId=${waId}`, { token: editor.token }), noParams)).json()) as {
      items: { direction: string; text: string; status: string }[];
    };
    expect(phone.items.map((i) => [i.direction, i.text, i.status])).toEqual([
      ["in", "hi 👋", "sent"],
      ["out", "Hello! Type 1 for price, 2 for support.", "delivered"],
    ]);

    const read = await readRoute.POST(apiRequest("/api/v1/simulator/read", { method: "POST", token: editor.token, body: { waId } }), noParams);
    expect(await read.json()).toEqual({ read: 1 });
    const readMessage = await settled(conversation.id, queued.id, "read");
    expect(readMessage.statusHistory.map((h) => h.status)).toEqual(["queued", "accepted", "sent", "delivered", "read"]);
  });

  it("fails with 131026 when the fault switch says so", async () => {
    configureDispatcher({ fetch: appFetch });
    const waId = "919800000201";
    await phoneSays(waId, "fail me");
    const conversation = await conversationOf(waId);
    await faultsRoute.PUT(apiRequest("/api/v1/simulator/faults", { method: "PUT", token: editor.token, body: { fail131026: true } }), noParams);
    const queued = await sendTest(waId, "undeliverable");
    const failed = await settled(conversation.id, queued.id, "failed");
    expect(failed.error).toMatchObject({ code: "131026", title: "Message undeliverable" });
    expect(failed.error!.meaning).toMatch(/not on WhatsApp/);
    expect(failed.statusHistory.at(-1)).toMatchObject({ status: "failed", error: { code: "131026" } });
  });

  it("ends delivered whatever the order or duplication, and read-after-drop still reads", async () => {
    configureDispatcher({ fetch: appFetch });
    const waId = "919800000202";
    await phoneSays(waId, "chaos");
    const conversation = await conversationOf(waId);

    await faultsRoute.PUT(apiRequest("/api/v1/simulator/faults", { method: "PUT", token: editor.token, body: { reorder: true, duplicate: true, delayMs: 5 } }), noParams);
    const chaotic = await sendTest(waId, "reordered and doubled");
    const delivered = await settled(conversation.id, chaotic.id, "delivered");
    expect(delivered.statusHistory.map((h) => h.status).sort()).toEqual(["accepted", "delivered", "queued", "sent"]);

    await faultsRoute.PUT(apiRequest("/api/v1/simulator/faults", { method: "PUT", token: editor.token, body: { reorder: false, duplicate: false, dropDelivered: true } }), noParams);
    const dropped = await sendTest(waId, "no delivered for you");
    await settled(conversation.id, dropped.id, "sent");
    await readRoute.POST(apiRequest("/api/v1/simulator/read", { method: "POST", token: editor.token, body: { waId } }), noParams);
    const read = await settled(conversation.id, dropped.id, "read");
    expect(read.statusHistory.map((h) => h.status)).toEqual(["queued", "accepted", "sent", "read"]);
  });

  it("guards the mock Graph API with the sandbox access token", async () => {
    const res = await graphRoute.POST(
      new NextRequest(`http://localhost:3000/api/sandbox/graph/v23.0/${SANDBOX_PHONE_NUMBER_ID}/messages`, {
        method: "POST",
        headers: { authorization: "Bearer wrong", "content-type": "application/json" },
        body: JSON.stringify({ messaging_product: "whatsapp", to: "1555", type: "text", text: { body: "x" } }),
      }),
      params({ path: ["v23.0", SANDBOX_PHONE_NUMBER_ID, "messages"] }),
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(190);
  });

  it("lets agents not use the simulator", async () => {
    const agent = await userWithToken("agent");
    const res = await simulatorRoute.GET(apiRequest("/api/v1/simulator", { token: agent.token }), noParams);
    expect(res.status).toBe(403);
  });
});
