import { expect, test, type Page } from "@playwright/test";
import { AuthPage } from "./pages/auth.page";
import { SimulatorPage } from "./pages/simulator.page";
import { OWNER, shot, watchConsole } from "./support";

/**
 * The channel layer and the flow engine as a person sees them: a customer writes to the
 * sandbox in the simulator, the published demo flow answers through the real webhook
 * path, and the reply's ticks move in the inbox as the phone delivers and reads it.
 */
const CUSTOMER = { name: "Ana Souza", number: "5511987654321" };

/** Opens the inbox and the customer's conversation once it appears there (no reload). */
async function openConversation(inbox: Page, waId: string) {
  await inbox.goto("/inbox");
  await inbox.getByTestId(`conversation-${waId}`).click({ timeout: 20_000 });
}

function lastBotMessage(inbox: Page) {
  return inbox.locator('[data-testid^="message-"][data-direction="out"]').last();
}

test.describe.serial("sandbox round trip", () => {
  test("the demo flow answers hi, 1 and 2 in the simulator", async ({ page }) => {
    const errors = watchConsole(page);
    await new AuthPage(page).signInOk(OWNER.email, OWNER.password);
    const sim = new SimulatorPage(page);
    await sim.open(CUSTOMER);
    await sim.say("hi");
    await sim.expectBotSays("Hello! Type 1 for price, 2 for support.");
    await sim.say("1");
    await sim.expectBotSays("Pricing starts at ₹999/month.");
    await sim.say("hi");
    await expect(sim.botBubbles()).toHaveCount(3);
    await sim.say("2");
    await sim.expectBotSays(/email/i);
    await shot(page, "sandbox-01-simulator-demo");
    expect(errors).toEqual([]);
  });

  test("a reply's ticks move ✓ → ✓✓ → blue ✓✓ as the phone delivers and reads it", async ({ page, browser }) => {
    test.setTimeout(150_000);
    await new AuthPage(page).signInOk(OWNER.email, OWNER.password);
    const sim = new SimulatorPage(page);
    const customer = { name: "Tiago Ticks", number: "5511900000001" };
    await sim.open(customer);
    await sim.setAutoRead(false);
    // Each status waits this long, so every tick state stays on screen for a while even on a busy machine.
    await sim.setDelay(6000);

    const agent = await browser.newContext();
    const inbox = await agent.newPage();
    await new AuthPage(inbox).signInOk(OWNER.email, OWNER.password);

    await sim.say("hi");
    await openConversation(inbox, customer.number);
    const reply = lastBotMessage(inbox);
    await expect(reply).toContainText("Hello! Type 1 for price, 2 for support.");
    await expect(reply.getByTestId("ticks-sent")).toBeVisible({ timeout: 20_000 });
    await shot(inbox, "sandbox-02-ticks-sent");
    await expect(reply.getByTestId("ticks-delivered")).toBeVisible({ timeout: 20_000 });
    await shot(inbox, "sandbox-03-ticks-delivered");
    await page.getByTestId("sim-read").click();
    await expect(reply.getByTestId("ticks-read")).toBeVisible({ timeout: 20_000 });
    await shot(inbox, "sandbox-04-ticks-read");
    await sim.setDelay(0);
    await agent.close();
  });

  test("with 'fail 131026' on, the reply shows ❗ with the reason", async ({ page, browser }) => {
    await new AuthPage(page).signInOk(OWNER.email, OWNER.password);
    const sim = new SimulatorPage(page);
    const customer = { name: "Fabi Fail", number: "5511900000002" };
    await sim.open(customer);
    await sim.setFault("fail131026", true);
    await sim.say("hi");

    const agent = await browser.newContext();
    const inbox = await agent.newPage();
    await new AuthPage(inbox).signInOk(OWNER.email, OWNER.password);
    await openConversation(inbox, customer.number);
    const reply = lastBotMessage(inbox);
    await expect(reply.getByTestId("ticks-failed")).toBeVisible({ timeout: 20_000 });
    await expect(reply).toHaveAttribute("data-status", "failed");
    await expect(inbox.getByTestId("message-error").last()).toContainText("131026");
    await shot(inbox, "sandbox-05-ticks-failed");
    await sim.setFault("fail131026", false);
    await agent.close();
  });
});
