// Playwright drives Debian's Chromium (it cannot download its own here) against the release build in dist/.
const { defineConfig } = require('@playwright/test');
const { requireDist } = require('./helpers');

// Fail at once, and say why, when the app was not built.
requireDist();

const PORT = Number(process.env.LIVESIM_TEST_PORT || 8123);

module.exports = defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.js/,
  // The app itself uses every core for its workers: one test at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../../dist`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    // The server's access log would drown the test report.
    stderr: 'ignore',
    timeout: 20_000,
  },
});
