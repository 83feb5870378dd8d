import { expect, type Page } from "@playwright/test";

/** The simulator phone: a customer writing to the sandbox bot. */
export class SimulatorPage {
  constructor(readonly page: Page) {}

  async open(customer: { name: string; number: string }) {
    await this.page.goto("/simulator");
    await expect(this.page.getByTestId("page-simulator")).toBeVisible();
    await this.page.getByTestId("sim-name").fill(customer.name);
    await this.page.getByTestId("sim-number").fill(customer.number);
  }

  async say(text: string) {
    await this.page.getByTestId("sim-input").fill(text);
    await this.page.getByTestId("sim-send").click();
  }

  botBubbles() {
    return this.page.locator('[data-testid="sim-bubble"][data-direction="out"]');
  }

  async expectBotSays(text: string | RegExp) {
    await expect(this.page.getByTestId("sim-phone")).toContainText(text);
  }

  async setFault(name: "dropDelivered" | "reorder" | "duplicate" | "fail131026", on: boolean) {
    const toggle = this.page.getByTestId(`fault-${name}`);
    if ((await toggle.getAttribute("aria-checked")) !== String(on)) await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", String(on));
  }

  async setDelay(ms: number) {
    await this.page.getByTestId("fault-delayMs").fill(String(ms));
    await this.page.getByTestId("fault-delayMs").blur();
  }

  async setAutoRead(on: boolean) {
    const toggle = this.page.getByTestId("sim-auto-read");
    if ((await toggle.getAttribute("aria-checked")) !== String(on)) await toggle.click();
  }
}
