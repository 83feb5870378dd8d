import { expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { AuthPage } from "./auth.page";

/** The agent's inbox, driven through its data-testids. */
export class InboxPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/inbox${query}`);
    await expect(this.page.getByTestId("page-inbox")).toBeVisible();
  }

  conversation(waId: string): Locator {
    return this.page.getByTestId(`conversation-${waId}`);
  }

  async openConversation(waId: string) {
    await this.conversation(waId).click();
    await expect(this.page.getByTestId("thread")).toBeVisible();
  }

  get thread(): Locator {
    return this.page.getByTestId("thread-log");
  }

  outbound(): Locator {
    return this.thread.locator('[data-direction="out"]');
  }

  inbound(): Locator {
    return this.thread.locator('[data-direction="in"]');
  }

  bubbleWithText(text: string): Locator {
    return this.thread.locator("[data-direction]").filter({ hasText: text });
  }

  async liveStatus() {
    return this.page.getByTestId("live-status").getAttribute("data-status");
  }

  async send(text: string) {
    await this.page.getByTestId("composer-input").fill(text);
    await this.page.getByTestId("composer-send").click();
  }
}

/** The simulated customer phone on /simulator. */
export class SimulatorPage {
  constructor(readonly page: Page) {}

  async open(customer: { name: string; waId: string }, opts: { autoRead: boolean }) {
    await this.page.goto("/simulator");
    await expect(this.page.getByTestId("sim-phone")).toBeVisible();
    await this.page.getByTestId("sim-name").fill(customer.name);
    await this.page.getByTestId("sim-number").fill(customer.waId);
    const toggle = this.page.getByTestId("sim-auto-read");
    if ((await toggle.getAttribute("aria-checked")) !== String(opts.autoRead)) await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", String(opts.autoRead));
  }

  async send(text: string) {
    await this.page.getByTestId("sim-input").fill(text);
    await this.page.getByTestId("sim-send").click();
  }

  /** The bot's (and agents') messages as the phone shows them. */
  botBubbles(): Locator {
    return this.page.locator('[data-testid="sim-bubble"][data-direction="out"]');
  }

  async read() {
    await this.page.getByTestId("sim-read").click();
  }
}

export async function signedInPage(browser: Browser, baseURL: string | undefined, user: { email: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await new AuthPage(page).signInOk(user.email, user.password);
  return { context, page };
}

export type Faults = Partial<{ dropDelivered: boolean; reorder: boolean; duplicate: boolean; fail131026: boolean; delayMs: number }>;

export async function setFaults(page: Page, faults: Faults) {
  const res = await page.request.put("/api/v1/simulator/faults", { data: faults });
  expect(res.ok()).toBe(true);
}

export const NO_FAULTS: Faults = { dropDelivered: false, reorder: false, duplicate: false, fail131026: false, delayMs: 0 };
