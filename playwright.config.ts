import { defineConfig } from '@playwright/test';

// The fixture (e2e/fixture.ts) decides the host: Electron where its binary exists, else the browser host
// in Debian's Chromium. Build first (`npm run test:e2e` does): tests run the built app in out/.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Two cores shared with training and other tests: one app at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
  },
});
