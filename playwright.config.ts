/**
 * Browser tests of the HTML report (test/browser/*.spec.ts), run by `npm test`
 * after tap. They drive Debian's Chromium (`apt-get install chromium`; scripts/setup.sh
 * installs it): `npx playwright install` cannot download browsers here. Tested with
 * @playwright/test 1.65.1 (pinned) and Chromium 156.0.8078.114 (bookworm).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './test/browser/chromium.js';

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '*.spec.ts',
  // The global setup builds firmware and runs scenarios on QEMU: minutes on a loaded machine.
  globalSetup: './test/browser/global-setup.ts',
  globalTimeout: 20 * 60_000,
  timeout: 120_000,
  workers: 2,
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'reports/playwright/junit.xml' }]] : 'list',
  outputDir: 'reports/playwright/results',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] },
    viewport: { width: 1300, height: 900 },
  },
});
