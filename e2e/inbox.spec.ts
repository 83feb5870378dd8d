import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { startInstance, freePort, type AppInstance } from "./pages/app-instance";
import { InboxPage, NO_FAULTS, setFaults, signedInPage, SimulatorPage } from "./pages/inbox.page";
import { OWNER, shot, watchConsole } from "./support";

/**
 * The live inbox, with two browser contexts: the agent in /inbox, the customer on the
 * /simulator phone. Live updates (no reload), ticks moving, failures explained, take over
 * and hand back, notes, the needs-human queue, templates outside the 24-hour window,
 * customer text shown as text, a long history, and the live stream surviving a server
 * restart (a separate `next start` of the same build). Runs after foundation.spec.ts.
 */

const RUN = Date.now().toString().slice(-7);
const RAVI = { name: "Ravi Kumar", waId: `91990${RUN}` };
const ANA = { name: "Ana Lima", waId: `55119${RUN}` };
const TEXTS = {
  menu: "Hello! Type 1 for price, 2 for support.",
  retry: "Please type 1 for price or 2 for support.",
  price: "Pricing starts at ₹999/month.",
};

const baseURL = () => test.info().project.use.baseURL;

test.describe.serial("inbox", () => {
  let agent: Page;
  let customer: Page;
  let inbox: InboxPage;
  let phone: SimulatorPage;
  let agentErrors: string[];

  test.beforeAll(async ({ browser }) => {
    ({ page: agent } = await signedInPage(browser, baseURL(), OWNER));
    ({ page: customer } = await signedInPage(browser, baseURL(), OWNER));
    agentErrors = watchConsole(agent);
    inbox = new InboxPage(agent);
    phone = new SimulatorPage(customer);
    await setFaults(customer, NO_FAULTS);
  });

  test.afterAll(async () => {
    await setFaults(customer, NO_FAULTS).catch(() => {});
    await agent.context().close();
    await customer.context().close();
  });

  test("“hi” appears in the inbox within a second; the reply's ticks go ✓ → ✓✓ → blue ✓✓", async () => {
    await inbox.open();
    await expect.poll(() => inbox.liveStatus()).toBe("live");
    // Statuses arrive 2 s apart, so every tick can be seen; the phone reads only when told.
    await setFaults(customer, { ...NO_FAULTS, delayMs: 2_000 });
    await phone.open(RAVI, { autoRead: false });

    const sentAt = Date.now();
    await phone.send("hi");
    await expect(inbox.conversation(RAVI.waId)).toBeVisible({ timeout: 1_000 });
    const latency = Date.now() - sentAt;
    console.log(`[inbox] "hi" visible in the inbox ${latency} ms after the customer pressed send`);
    expect(latency).toBeLessThan(1_000);
    await shot(agent, "inbox-01-live-conversation");

    await inbox.openConversation(RAVI.waId);
    await expect(inbox.bubbleWithText("hi").first()).toBeVisible();
    const reply = inbox.outbound().filter({ hasText: TEXTS.menu }).first();
    await expect(reply).toBeVisible();
    await expect(reply.getByTestId("builder-link")).toHaveAttribute("href", /\/flows\/[0-9a-f-]+\?block=menu$/);
    await expect(reply.getByTestId("ticks-sent")).toBeVisible({ timeout: 6_000 });
    await shot(agent, "inbox-02-tick-sent");
    await expect(reply.getByTestId("ticks-delivered")).toBeVisible({ timeout: 6_000 });
    await shot(agent, "inbox-03-tick-delivered");
    await expect(phone.botBubbles().filter({ hasText: TEXTS.menu })).toBeVisible();
    await phone.read();
    await expect(reply.getByTestId("ticks-read")).toBeVisible({ timeout: 8_000 });
    await reply.getByTestId("ticks-read").hover();
    const tooltip = agent.getByTestId("ticks-tooltip");
    await expect(tooltip).toContainText("Sent");
    await expect(tooltip).toContainText("Delivered");
    await expect(tooltip).toContainText("Read");
    await shot(agent, "inbox-04-tick-read-timeline");
    await agent.mouse.move(0, 0);
    await setFaults(customer, NO_FAULTS);
  });

  test("with “fail 131026” on, the reply shows ❗ with the reason and what to do", async () => {
    await setFaults(customer, { ...NO_FAULTS, fail131026: true });
    await phone.send("hi");
    const failed = inbox.outbound().filter({ hasText: TEXTS.retry }).last();
    await expect(failed.getByTestId("ticks-failed")).toBeVisible({ timeout: 8_000 });
    const help = failed.getByTestId("message-error");
    await expect(help).toContainText("131026");
    await expect(help).toContainText("Message undeliverable");
    await expect(help).toContainText("What to do");
    // The phone polls; it shows the failed reply too, marked as not delivered.
    await expect(phone.page.getByTestId("sim-bubble-failed").last()).toContainText("131026");
    await failed.getByTestId("ticks-failed").hover();
    await expect(agent.getByTestId("ticks-tooltip")).toContainText("131026");
    await shot(agent, "inbox-05-failed-131026");
    await agent.mouse.move(0, 0);
    await setFaults(customer, NO_FAULTS);
  });

  test("the agent takes over: the bot stays silent, the agent's reply reaches the phone; handed back, the bot answers", async () => {
    await agent.getByTestId("takeover").click();
    await expect(agent.getByTestId("thread")).toHaveAttribute("data-mode", "human");
    await expect(agent.getByTestId("mode-banner")).toContainText("You have this conversation");
    const botBefore = await inbox.outbound().count();
    // The phone polls every 700 ms: let it show every earlier bot message before counting,
    // so a late poll is not mistaken for a bot reply during the takeover.
    await expect(phone.botBubbles()).toHaveCount(botBefore);
    const phoneBefore = botBefore;

    await phone.send("1");
    await expect(inbox.inbound().filter({ hasText: /^1/ }).last()).toBeVisible();
    // Time enough for a bot turn and its dispatch: nothing may come.
    await agent.waitForTimeout(2_500);
    expect(await inbox.outbound().count()).toBe(botBefore);
    expect(await phone.botBubbles().count()).toBe(phoneBefore);

    const answer = `An agent here (${RUN}) — *how* can I help?`;
    await inbox.send(answer);
    // At once, as queued; then its real ticks.
    const mine = inbox.outbound().filter({ hasText: `An agent here (${RUN})` });
    await expect(mine).toHaveCount(1);
    await expect(mine.locator('[data-testid^="ticks-"]')).toBeVisible();
    await expect(mine.locator("strong")).toHaveText("how");
    await expect(phone.botBubbles().filter({ hasText: `An agent here (${RUN})` })).toBeVisible();
    await expect(mine.getByTestId("ticks-delivered")).toBeVisible();
    await shot(agent, "inbox-06-agent-reply");

    await agent.getByTestId("handback").click();
    await agent.getByTestId("handback-resume").click();
    await expect(agent.getByTestId("thread")).toHaveAttribute("data-mode", "bot");
    await phone.send("1");
    await expect(inbox.outbound().filter({ hasText: TEXTS.price })).toBeVisible();
    await expect(phone.botBubbles().filter({ hasText: TEXTS.price })).toBeVisible();
    await shot(agent, "inbox-07-handed-back");
    await shot(customer, "inbox-08-phone-after-handback");
  });

  test("read before sent (reordered, late statuses): the tick ends blue and stays blue", async () => {
    // `delivered` is posted before `sent`, 2.5 s late each; the phone reads right away,
    // so `read` lands before `sent`.
    await setFaults(customer, { ...NO_FAULTS, reorder: true, delayMs: 2_500 });
    const before = await inbox.outbound().filter({ hasText: TEXTS.menu }).count();
    await phone.send("hi");
    await expect(phone.botBubbles().filter({ hasText: TEXTS.menu })).toHaveCount(before + 1);
    await phone.read();
    const reply = inbox.outbound().filter({ hasText: TEXTS.menu }).nth(before);
    await expect(reply.getByTestId("ticks-read")).toBeVisible({ timeout: 10_000 });
    // `sent` arrives last; the tick must not go back.
    await reply.getByTestId("ticks-read").hover();
    await expect(agent.getByTestId("ticks-tooltip")).toContainText("Sent", { timeout: 10_000 });
    await expect(reply.getByTestId("ticks-read")).toBeVisible();
    await shot(agent, "inbox-09-read-before-sent");
    await agent.mouse.move(0, 0);
    await setFaults(customer, NO_FAULTS);
  });

  test("customer text with <script>, HTML and markdown link tricks is shown as text, never run", async () => {
    let dialogs = 0;
    agent.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    const payload = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> [click me](javascript:window.__xss=3) <a href="javascript:alert(4)">link</a> **not bold** see https://example.com/ok`;
    await phone.send(payload);
    const bubble = inbox.inbound().filter({ hasText: "[click me](javascript:window.__xss=3)" });
    await expect(bubble).toBeVisible();
    await expect(bubble).toContainText("<script>window.__xss=1</script>");
    await expect(bubble).toContainText('<img src=x onerror="window.__xss=2">');
    await expect(bubble.locator("script, img, iframe")).toHaveCount(0);
    await expect(bubble.locator('a[href^="javascript"]')).toHaveCount(0);
    const links = bubble.locator("a");
    await expect(links).toHaveCount(1);
    await expect(links.first()).toHaveAttribute("href", "https://example.com/ok");
    await expect(links.first()).toHaveAttribute("rel", "noopener noreferrer nofollow");
    expect(await agent.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toBe(0);
    await shot(agent, "inbox-10-xss-as-text");
  });

  test("the Handoff block fills the needs-human queue; assign, notes, search, close and reopen", async () => {
    // Ana goes through the demo bot to its Handoff block.
    for (const text of ["hi", "2", "ana@example.com"]) {
      const res = await customer.request.post("/api/v1/simulator/messages", { data: { from: { waId: ANA.waId, name: ANA.name }, message: { type: "text", text } } });
      expect(res.status()).toBe(202);
      await agent.waitForTimeout(400);
    }
    await agent.getByTestId("filter-needs_human").click();
    const item = inbox.conversation(ANA.waId);
    await expect(item).toBeVisible();
    await expect(inbox.conversation(RAVI.waId)).toHaveCount(0);
    await inbox.openConversation(ANA.waId);
    await expect(agent.getByTestId("needs-human-badge")).toBeVisible();
    await expect(inbox.thread.locator('[data-kind="note"]').filter({ hasText: "Support request from" })).toBeVisible();
    await shot(agent, "inbox-11-needs-human");

    // Assigned to the owner, it leaves the queue (live) and shows under Mine.
    await agent.getByTestId("assign-trigger").click();
    await agent.getByTestId(`assign-${OWNER.email}`).click();
    await expect(item).toHaveCount(0);
    await agent.getByTestId("filter-mine").click();
    await expect(inbox.conversation(ANA.waId)).toBeVisible();

    // A note stays with the agents.
    await agent.getByTestId("composer-mode-note").click();
    await inbox.send(`VIP customer ${RUN}, be quick`);
    await expect(inbox.thread.locator('[data-kind="note"]').filter({ hasText: `VIP customer ${RUN}` })).toBeVisible();
    await agent.getByTestId("composer-mode-reply").click();
    const phoneView = await customer.request.get(`/api/v1/simulator/messages?waId=${ANA.waId}`);
    expect(JSON.stringify(await phoneView.json())).not.toContain(`VIP customer ${RUN}`);

    // The side panel: contact attributes the bot saved, and its path.
    const panel = agent.getByTestId("side-panel");
    if (!(await panel.isVisible())) await agent.getByTestId("toggle-panel").click();
    await expect(agent.getByTestId("contact-attributes")).toContainText("ana@example.com");
    await shot(agent, "inbox-12a-contact-panel");
    await agent.getByTestId("panel-tab-path").click();
    await expect(agent.getByTestId("path-step").filter({ hasText: "handoff" }).first()).toBeVisible();
    await shot(agent, "inbox-12-note-and-path");
    await agent.getByTestId("panel-close").click();

    // Search by message text, by number.
    await agent.getByTestId("filter-all").click();
    await agent.getByTestId("inbox-search").fill("ana@example.com");
    await expect(inbox.conversation(ANA.waId)).toBeVisible();
    await expect(inbox.conversation(RAVI.waId)).toHaveCount(0);
    await agent.getByTestId("inbox-search").fill(RAVI.waId.slice(-8));
    await expect(inbox.conversation(RAVI.waId)).toBeVisible();
    await expect(inbox.conversation(ANA.waId)).toHaveCount(0);
    await agent.getByTestId("inbox-search").fill("");

    // Close, then reopen.
    await inbox.openConversation(ANA.waId);
    await agent.getByTestId("close-conversation").click();
    await expect(agent.getByTestId("thread")).toHaveAttribute("data-mode", "closed");
    await agent.getByTestId("filter-closed").click();
    await expect(inbox.conversation(ANA.waId)).toBeVisible();
    await agent.getByTestId("reopen-conversation").click();
    await expect(agent.getByTestId("thread")).toHaveAttribute("data-mode", "bot");
    await expect(inbox.conversation(ANA.waId)).toHaveCount(0);
    await agent.getByTestId("filter-all").click();
  });

  test("outside the 24-hour window the composer becomes a template picker and says why", async () => {
    const sim = (await (await agent.request.get("/api/v1/simulator")).json()) as { channel: { id: string } };
    const waId = `44770${RUN}`;
    // A message to someone who never wrote: the conversation exists, its window is closed.
    const res = await agent.request.post(`/api/v1/channels/${sim.channel.id}/test`, { data: { to: waId, template: { name: "hello_world", language: "en_US" } } });
    expect(res.status()).toBe(201);
    await inbox.openConversation(waId);
    await expect(agent.getByTestId("window-state").first()).toContainText("closed");
    await expect(agent.getByTestId("composer-window-closed")).toContainText("24-hour window is closed");
    await expect(agent.getByTestId("composer-input")).toHaveCount(0);
    await agent.getByTestId("template-hello_world").click();
    await agent.getByTestId("template-send").click();
    await expect(inbox.outbound().getByTestId("template-body")).toHaveCount(2);
    await expect(inbox.outbound().last().getByTestId("ticks-delivered")).toBeVisible();
    await shot(agent, "inbox-13-template-picker");
  });

  test("saved answers with “/”, media by URL, emoji", async () => {
    await inbox.openConversation(RAVI.waId);
    await agent.getByTestId("quick-replies-manage").click();
    await agent.getByTestId("qr-shortcut").fill(`hours${RUN}`);
    await agent.getByTestId("qr-text").fill("We're open _Monday to Friday_, 9:00–18:00.");
    await agent.getByTestId("qr-save").click();
    await expect(agent.getByRole("dialog")).toContainText(`/hours${RUN}`);
    await agent.keyboard.press("Escape");
    await agent.getByTestId("composer-input").fill(`/hours${RUN.slice(0, 3)}`);
    await expect(agent.getByTestId(`quick-reply-hours${RUN}`)).toBeVisible();
    await agent.getByTestId("composer-input").press("Enter");
    await expect(agent.getByTestId("composer-input")).toHaveValue("We're open _Monday to Friday_, 9:00–18:00.");
    await agent.getByTestId("composer-emoji").click();
    await agent.getByRole("menuitem", { name: "Insert 👍" }).click();
    await agent.getByTestId("composer-send").click();
    const saved = inbox.outbound().filter({ hasText: "We're open" }).last();
    await expect(saved.locator("em")).toHaveText("Monday to Friday");
    await expect(saved).toContainText("👍");

    await agent.getByTestId("composer-attach").click();
    await agent.getByTestId("media-url").fill("https://example.com/catalogue.png");
    await agent.getByTestId("media-caption").fill("Our catalogue");
    await agent.getByTestId("media-send").click();
    const image = inbox.outbound().filter({ hasText: "Our catalogue" });
    await expect(image.getByTestId("media-preview")).toHaveAttribute("src", "https://example.com/catalogue.png");
    await expect(phone.botBubbles().filter({ hasText: "Our catalogue" })).toBeVisible();
    await shot(agent, "inbox-14-quick-reply-media");
  });

  test("a long history is virtualized and loads older pages as the agent scrolls up", async () => {
    const list = (await (await agent.request.get(`/api/v1/conversations?q=${ANA.waId}`)).json()) as { items: { id: string }[] };
    const id = list.items[0]!.id;
    for (let i = 1; i <= 230; i++) {
      const res = await agent.request.post(`/api/v1/conversations/${id}/notes`, { data: { text: `History note ${i}` } });
      expect(res.status()).toBe(201);
    }
    const total = ((await (await agent.request.get(`/api/v1/conversations/${id}/messages?limit=500`)).json()) as { items: unknown[] }).items.length;
    await inbox.open(`?c=${id}`);
    const log = inbox.thread;
    await expect(log).toHaveAttribute("data-virtual", "true");
    await expect(log.getByText("History note 230")).toBeVisible();
    const mounted = await log.locator("[data-row-key]").count();
    expect(mounted).toBeLessThan(120);
    // Scroll to the top until the whole history is loaded.
    for (let i = 0; i < 40 && Number(await log.getAttribute("data-message-count")) < total; i++) {
      await log.evaluate((el) => el.scrollTo({ top: 0 }));
      await agent.waitForTimeout(250);
    }
    await expect(log).toHaveAttribute("data-message-count", String(total));
    await expect(log.getByText("hi", { exact: true }).first()).toBeVisible();
    console.log(`[inbox] ${total} messages in the thread, ${mounted} rows mounted at the bottom`);
    await shot(agent, "inbox-15-long-history-top");
    expect(agentErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});

test.describe("live stream across a server restart", () => {
  test.setTimeout(300_000);

  test("the inbox reconnects and catches up: no message missed (counted)", async ({ browser }) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tickflow-restart-"));
    const env: Record<string, string> = { DATA_DIR: dataDir, ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password };
    let dropDb = async () => {};
    const onPostgres = Boolean(process.env.DATABASE_URL);
    if (onPostgres) {
      // Two instances on one database: messages keep coming through the other one while this one is down.
      const name = `tickflow_restart_${Date.now()}`;
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      env.ENCRYPTION_KEY = randomBytes(32).toString("hex");
      dropDb = async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
    }
    const port = await freePort();
    let served: AppInstance | null = await startInstance(port, env);
    let other: AppInstance | null = onPostgres ? await startInstance(await freePort(), env) : null;
    const { context, page } = await signedInPage(browser, served.url, OWNER);
    const otherSession = other ? await signedInPage(browser, other.url, OWNER) : null;
    const waId = `3161${RUN}`;
    let sent = 0;
    /** The customer writes, through the instance being watched or (PostgreSQL) the other one. */
    const say = async (through: "served" | "other") => {
      sent++;
      const [request, url] = through === "other" && other && otherSession ? [otherSession.context.request, other.url] : [context.request, served!.url];
      const res = await request.post(`${url}/api/v1/simulator/messages`, { data: { from: { waId, name: "Restart Test" }, message: { type: "text", text: `message ${sent}` } } });
      expect(res.status()).toBe(202);
    };
    try {
      await say("served");
      const inbox = new InboxPage(page);
      await inbox.open();
      await inbox.openConversation(waId);
      await expect.poll(() => inbox.liveStatus()).toBe("live");
      for (let i = 0; i < 3; i++) await say("other");
      await expect(inbox.thread).toHaveAttribute("data-message-count", String(sent));

      await served.stop();
      served = null;
      await expect.poll(() => inbox.liveStatus(), { timeout: 15_000 }).toBe("reconnecting");
      // While it is down: through the other instance (PostgreSQL); nothing can write to an embedded database that is down.
      if (other) for (let i = 0; i < 3; i++) await say("other");

      served = await startInstance(port, env);
      // Right after the restart, before the browser is back (it retries every second): caught up from Last-Event-ID.
      for (let i = 0; i < 3; i++) await say("served");
      await expect.poll(() => inbox.liveStatus(), { timeout: 30_000 }).toBe("live");
      for (let i = 0; i < 2; i++) await say("other");

      // The simulator answers 202 once the webhook is queued; the last ones may still be in processing.
      const servedUrl = served.url;
      const stored = (await (await page.request.get(`${servedUrl}/api/v1/conversations?q=${waId}`)).json()) as { items: { id: string }[] };
      const storedCount = async () =>
        ((await (await page.request.get(`${servedUrl}/api/v1/conversations/${stored.items[0]!.id}/messages`)).json()) as { items: { id: string; text: string }[] }).items.length;
      await expect.poll(storedCount, { timeout: 10_000 }).toBe(sent);
      await expect(inbox.thread).toHaveAttribute("data-message-count", String(sent), { timeout: 10_000 });
      const shown = await inbox.thread.locator('[data-direction="in"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")));
      expect(new Set(shown).size).toBe(sent);
      for (let i = 1; i <= sent; i++) await expect(inbox.thread.getByText(`message ${i}`, { exact: true })).toBeVisible();
      console.log(`[inbox] restart on ${onPostgres ? "PostgreSQL (two instances)" : "PGlite"}: ${sent} messages sent, ${sent} shown after reconnecting`);
      await shot(page, "inbox-16-after-restart");
    } finally {
      await context.close();
      await otherSession?.context.close();
      await served?.stop();
      await other?.stop();
      other = null;
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
