import { defineConfig, devices } from '@playwright/test';
import { assertWebBuildExists, browserTestServer, CHROMIUM_PATH, IN_CI } from './test/browser/support/browser-env';

assertWebBuildExists();
const server = browserTestServer();
const swc = 'node -r @swc-node/register';
const output = { stdout: 'pipe', stderr: 'pipe' } as const;

/**
 * Browser tests against the real stack: an SMTP sink, the api (from source, serving the production
 * web build) and the worker (which sends the emails through the sink), on MariaDB and Redis, driven
 * by the machine's Chromium (Playwright's own browser download is not used). Playwright starts the
 * servers in this order, each once the one before answers.
 */
export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/browser',
  forbidOnly: IN_CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/browser.json' }]],
  use: {
    baseURL: server.baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // The service worker is tested on its own (pwa.spec.ts); elsewhere it would only add requests.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } }],
  webServer: [
    {
      command: `${swc} test/browser/support/mail-sink.ts`,
      url: `${server.mailURL}/health`,
      env: { MAIL_SMTP_PORT: String(server.mailSmtpPort), MAIL_HTTP_PORT: server.env.MAIL_HTTP_PORT },
      reuseExistingServer: false,
      timeout: 60_000,
      ...output,
    },
    {
      command: `${swc} test/browser/support/prepare-database.ts && ${swc} apps/api/src/main.ts`,
      url: `${server.baseURL}/api/v1/health`,
      env: server.env,
      reuseExistingServer: false,
      timeout: 180_000,
      ...output,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      command: `${swc} apps/worker/src/main.ts`,
      url: `${server.workerURL}/health`,
      env: server.env,
      reuseExistingServer: false,
      timeout: 180_000,
      ...output,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
