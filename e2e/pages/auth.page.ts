import { expect, type Page } from "@playwright/test";

/** Sign-in and first-run setup, as a person does them. */
export class AuthPage {
  constructor(readonly page: Page) {}

  async setupOwner(owner: { name: string; email: string; password: string }) {
    await this.page.goto("/");
    await expect(this.page).toHaveURL(/\/setup$/);
    await this.page.getByTestId("setup-name").fill(owner.name);
    await this.page.getByTestId("setup-email").fill(owner.email);
    await this.page.getByTestId("setup-password").fill(owner.password);
    await this.page.getByTestId("setup-confirm").fill(owner.password);
    await this.page.getByTestId("setup-submit").click();
    await expect(this.page.getByTestId("current-user")).toHaveText(owner.email);
  }

  async signIn(email: string, password: string) {
    await this.page.goto("/sign-in");
    await this.page.getByTestId("sign-in-email").fill(email);
    await this.page.getByTestId("sign-in-password").fill(password);
    await this.page.getByTestId("sign-in-submit").click();
  }

  async signInOk(email: string, password: string) {
    await this.signIn(email, password);
    await expect(this.page.getByTestId("current-user")).toHaveText(email);
  }

  async signOut() {
    await this.page.getByTestId("user-menu").click();
    await this.page.getByTestId("sign-out").click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }

  error() {
    return this.page.getByTestId("auth-error");
  }
}
