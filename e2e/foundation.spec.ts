import { expect, test } from "@playwright/test";
import { AuthPage } from "./pages/auth.page";
import { AGENT, OWNER, shot, watchConsole } from "./support";

/**
 * Foundation: first-run owner setup, sign-in / sign-out, every sidebar page, roles, and
 * the refusal of repeated wrong passwords — in Chromium against the production build.
 */
test.describe.serial("foundation", () => {
  test("first visit creates the owner, then every sidebar page renders cleanly", async ({ page }) => {
    const errors = watchConsole(page);
    const auth = new AuthPage(page);
    await page.goto("/inbox");
    await expect(page).toHaveURL(/\/setup$/);
    await shot(page, "01-setup");
    await auth.setupOwner(OWNER);
    for (const name of ["flows", "inbox", "channels", "simulator", "settings"]) {
      await page.getByTestId(`nav-${name}`).click();
      await expect(page).toHaveURL(new RegExp(`/${name}`));
      await expect(page.getByTestId(`page-${name}`)).toBeVisible();
      await expect(page.locator("h1").first()).toBeVisible();
      await shot(page, `02-${name}`);
    }
    expect(errors).toEqual([]);
  });

  test("sign-out and sign-in return to the page asked for", async ({ page }) => {
    const auth = new AuthPage(page);
    await auth.signInOk(OWNER.email, OWNER.password);
    await auth.signOut();
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings/);
    await shot(page, "03-sign-in");
    await page.getByTestId("sign-in-email").fill(OWNER.email);
    await page.getByTestId("sign-in-password").fill(OWNER.password);
    await page.getByTestId("sign-in-submit").click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByTestId("current-user")).toHaveText(OWNER.email);
  });

  test("an admin adds an agent; the agent is refused admin pages and admin API calls", async ({ page, browser }) => {
    const auth = new AuthPage(page);
    await auth.signInOk(OWNER.email, OWNER.password);
    await page.goto("/settings");
    await page.getByTestId("add-user").click();
    await page.getByTestId("new-user-name").fill(AGENT.name);
    await page.getByTestId("new-user-email").fill(AGENT.email);
    await page.getByTestId("new-user-password").fill(AGENT.password);
    await page.getByTestId("new-user-submit").click();
    await expect(page.getByTestId(`user-row-${AGENT.email}`)).toBeVisible();
    await shot(page, "04-settings-users");

    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    const agentErrors = watchConsole(agentPage);
    await new AuthPage(agentPage).signInOk(AGENT.email, AGENT.password);
    await agentPage.goto("/channels");
    await expect(agentPage.getByTestId("forbidden")).toContainText("Agent");
    await shot(agentPage, "05-agent-forbidden");
    await agentPage.goto("/settings");
    await expect(agentPage.getByTestId("admin-only-note")).toBeVisible();
    const res = await agentPage.request.get("/api/v1/users");
    expect(res.status()).toBe(403);
    const post = await agentPage.request.post("/api/v1/tokens", { data: { name: "sneaky" } });
    expect(post.status()).toBe(403);
    expect(agentErrors.filter((e) => !e.includes("403"))).toEqual([]);
    await agentContext.close();
  });

  test("anonymous API calls get 401; a revoked token stops working at once", async ({ page, playwright }) => {
    const anon = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    for (const path of ["/api/v1/me", "/api/v1/users", "/api/v1/tokens"]) {
      expect((await anon.get(path)).status()).toBe(401);
    }
    const health = await anon.get("/api/health");
    expect(await health.json()).toMatchObject({ ok: true });

    const auth = new AuthPage(page);
    await auth.signInOk(OWNER.email, OWNER.password);
    await page.goto("/settings");
    await page.getByTestId("create-token").click();
    await page.getByTestId("new-token-name").fill("e2e");
    await page.getByTestId("create-token-submit").click();
    const token = await page.getByTestId("token-value").inputValue();
    expect(token).toMatch(/^tf_/);
    await shot(page, "06-token-created");
    await page.getByTestId("token-done").click();
    const withToken = { headers: { authorization: `Bearer ${token}` } };
    expect((await anon.get("/api/v1/me", withToken)).status()).toBe(200);
    await page.getByTestId("revoke-e2e").click();
    await page.getByTestId("confirm-revoke").click();
    await expect(page.getByTestId("token-status-e2e")).toContainText("Revoked");
    expect((await anon.get("/api/v1/me", withToken)).status()).toBe(401);
    await anon.dispose();
  });

  test("ten wrong passwords in a row are refused with a clear message", async ({ page }) => {
    const auth = new AuthPage(page);
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      await auth.signIn(AGENT.email, `wrong password ${i}`);
      await expect(auth.error()).toBeVisible();
      seen.push((await auth.error().textContent()) ?? "");
    }
    expect(seen[0]).toMatch(/Invalid email or password/i);
    expect(seen[9]).toMatch(/Too many failed sign-ins for this account\. Try again in \d+ minutes?\./);
    await shot(page, "07-sign-in-locked");
  });

  test("dark theme renders", async ({ page }) => {
    const auth = new AuthPage(page);
    await auth.signInOk(OWNER.email, OWNER.password);
    await page.getByTestId("theme-toggle").click();
    await page.getByTestId("theme-dark").click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.goto("/flows");
    await shot(page, "08-dark-flows");
    await page.setViewportSize({ width: 1024, height: 700 });
    await shot(page, "09-dark-1024");
  });
});
