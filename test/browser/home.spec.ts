import { devices, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, SCREENSHOT_DIR, WEB_ROOT } from './support/browser-env';
import { expectNoAccessibilityViolations, expectNoHorizontalOverflow, tabTo } from './support/checks';
import { expect, test } from './support/fixtures';

const HEALTH = '**/api/v1/health';

const redisDown = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'Unavailable: redis unreachable',
  details: [{ field: 'redis', message: 'Redis did not answer within 1500 ms or refused the connection' }],
};

const status = (page: Page) => page.getByRole('status');

async function expectHealthy(page: Page): Promise<void> {
  await expect(page).toHaveTitle('Tally');
  await expect(page.getByRole('heading', { level: 1, name: 'Tally' })).toBeVisible();
  await expect(status(page)).toContainText('Healthy');
  const services = page.getByRole('list', { name: 'Services the API depends on' });
  await expect(services.getByRole('listitem')).toHaveText([/Database\s*up/, /Redis\s*up/]);
}

async function makeHealthAnswer503(page: Page): Promise<void> {
  await page.route(HEALTH, (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify(redisDown) }),
  );
}

test.describe('home page', () => {
  test('shows the product name and a healthy API, without console errors or failed requests', async ({
    page,
    problems,
  }) => {
    await page.goto('/');
    await expectHealthy(page);
    await expect(page.getByText('a server you own')).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`meets WCAG AA in the ${colorScheme} theme, healthy and unavailable`, async ({ page }) => {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.goto('/');
      await expectHealthy(page);
      await expectNoAccessibilityViolations(page);
      if (colorScheme === 'dark') await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-dark-desktop.png') });

      await makeHealthAnswer503(page);
      await page.getByRole('button', { name: 'Check again' }).click();
      await expect(page.getByText(redisDown.message)).toBeVisible();
      await expectNoAccessibilityViolations(page);
    });
  }

  test('says when the API is down, with the reason, and keyboard focus reaches Retry', async ({ page }) => {
    await makeHealthAnswer503(page);
    await page.goto('/');
    await expect(status(page)).toContainText('Unavailable');
    await expect(page.getByText(redisDown.message)).toBeVisible();
    await expect(page.getByText(redisDown.details[0].message)).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-unavailable-desktop.png'), fullPage: true });

    const retry = page.getByRole('button', { name: 'Retry' });
    await tabTo(page, retry);
    await expect(retry).toBeFocused();

    // The API recovers: Enter on the focused button checks again and the page turns healthy.
    await page.unroute(HEALTH);
    await page.keyboard.press('Enter');
    await expectHealthy(page);
  });

  test('says so when the API cannot be reached at all', async ({ page }) => {
    await page.route(HEALTH, (route) => route.abort('connectionrefused'));
    await page.goto('/');
    await expect(status(page)).toContainText('Unavailable');
    await expect(page.getByText('The API cannot be reached')).toBeVisible();
  });

  test('answers unknown addresses with a not-found page', async ({ page, problems }) => {
    await page.goto('/no/such/page');
    await expect(page).toHaveTitle('Page not found · Tally');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to Tally' }).click();
    await expectHealthy(page);
    expect(problems).toEqual([]);
  });
});

test.describe('on a phone', () => {
  // defaultBrowserType would force a new worker per group; the desktop project's Chromium is kept.
  const { defaultBrowserType: _browser, ...phone } = devices['Pixel 7'];
  test.use(phone);

  test('fits the screen when healthy and when the API is down', async ({ page, problems }) => {
    await page.goto('/');
    await expectHealthy(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-phone.png'), fullPage: true });
    expect(problems).toEqual([]);

    await makeHealthAnswer503(page);
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByText(redisDown.message)).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-unavailable-phone.png'), fullPage: true });
  });
});

test('initial JavaScript is at most 250 KB gzip (quality.md P9)', async () => {
  const webRoot = resolve(ROOT, WEB_ROOT);
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const initial = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g),
  ].map((m) => m[1]);
  expect(initial.length).toBeGreaterThan(0);
  const bytes = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(webRoot, file))).length, 0);
  test.info().annotations.push({ type: 'initial JS (gzip)', description: `${(bytes / 1024).toFixed(1)} KB` });
  console.log(`initial JS: ${initial.length} files, ${(bytes / 1024).toFixed(1)} KB gzip`);
  expect(bytes).toBeLessThanOrEqual(250 * 1024);
});
