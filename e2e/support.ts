import type { Page } from "@playwright/test";

export const OWNER = { name: "Olivia Owner", email: "owner@tickflow.test", password: "correct horse battery staple" };
export const AGENT = { name: "Ada Agent", email: "agent@tickflow.test", password: "agent password 123" };

/** Collects console errors and failed page loads so a test can assert there were none. */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/artifacts/screens/${name}.png`, fullPage: true });
}
