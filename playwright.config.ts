import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests against the production build (`next build && next start`), started by
 * scripts/test.ts on a free port with a fresh database. CHROMIUM_PATH points at the
 * browser scripts/test.ts found or installed (Debian's /usr/bin/chromium here).
 */
const baseURL = process.env.E2E_BASE_URL ?? "http://localhost:3100";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./e2e/artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { outputFolder: "e2e/artifacts/report", open: "never" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // foundation.spec.ts creates the owner through the first-run page; every other spec signs in as that owner.
  projects: [
    { name: "foundation", testMatch: /foundation\.spec\.ts/, use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
    {
      name: "chromium",
      testIgnore: /foundation\.spec\.ts/,
      dependencies: ["foundation"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } },
    },
  ],
});
