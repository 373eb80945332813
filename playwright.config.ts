import { defineConfig, devices } from '@playwright/test';
import { assertWebBuildExists, browserTestServer, CHROMIUM_PATH, IN_CI } from './test/browser/support/browser-env';

assertWebBuildExists();
const server = browserTestServer();
const swc = 'node -r @swc-node/register';

/**
 * Browser tests: the real api (from source) serving the production web build, driven by the
 * machine's Chromium (Playwright's own browser download is not used).
 */
export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/browser',
  forbidOnly: IN_CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/browser.json' }]],
  use: {
    baseURL: server.baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
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
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `${swc} test/browser/support/prepare-database.ts && ${swc} apps/api/src/main.ts`,
    url: `${server.baseURL}/api/v1/health`,
    env: server.env,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
