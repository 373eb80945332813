import { devices, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './support/browser-env';
import { expectNoAccessibilityViolations, expectNoHorizontalOverflow, tabTo } from './support/checks';
import { expect, test } from './support/fixtures';

/** The signed-out home page, the status page (where the API status moved) and the not-found page. */

const HEALTH = '**/api/v1/health';

const redisDown = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'Unavailable: redis unreachable',
  details: [{ field: 'redis', message: 'Redis did not answer within 1500 ms or refused the connection' }],
};

const status = (page: Page) => page.getByRole('region', { name: 'API status' }).getByRole('status');

async function expectHealthy(page: Page): Promise<void> {
  await expect(page).toHaveTitle('Status · Tally');
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
  test('says what Tally is and leads to sign-up and sign-in, with no request to the api', async ({
    page,
    problems,
  }) => {
    const api: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/')) api.push(request.url());
    });
    await page.goto('/');
    await expect(page).toHaveTitle('Tally: count what matters');
    await expect(page.getByRole('heading', { level: 1, name: 'Count what matters.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3 })).toHaveCount(6);
    await expect(page.getByRole('link', { name: 'API status' })).toHaveAttribute('href', '/status');

    await page.getByRole('link', { name: 'Create your account' }).first().click();
    await expect(page).toHaveURL(/\/signup$/);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByRole('link', { name: 'Tally' }).click();
    await expect(page).toHaveURL(/\/$/);
    // A visitor who never signed in: no session to restore, so no refresh call and no 401.
    expect(api).toEqual([]);
    expect(problems).toEqual([]);
  });
});

test.describe('status page', () => {
  test('shows a healthy API, without console errors or failed requests', async ({ page, problems }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'API status' }).click();
    await expectHealthy(page);
    expect(problems).toEqual([]);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`meets WCAG AA in the ${colorScheme} theme, healthy and unavailable`, async ({ page }) => {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await page.goto('/status');
      await expectHealthy(page);
      await expectNoAccessibilityViolations(page);

      await makeHealthAnswer503(page);
      await page.getByRole('button', { name: 'Check again' }).click();
      await expect(page.getByText(redisDown.message)).toBeVisible();
      await expectNoAccessibilityViolations(page);
      if (colorScheme === 'dark') await page.screenshot({ path: join(SCREENSHOT_DIR, 'status-unavailable-dark.png') });
    });
  }

  test('says when the API is down, with the reason, and keyboard focus reaches Retry', async ({ page }) => {
    await makeHealthAnswer503(page);
    await page.goto('/status');
    await expect(status(page)).toContainText('Unavailable');
    await expect(page.getByText(redisDown.message)).toBeVisible();
    await expect(page.getByText(redisDown.details[0].message)).toBeVisible();

    const retry = page.getByRole('button', { name: 'Retry' });
    await tabTo(page, retry, 20);
    await expect(retry).toBeFocused();
    await page.unroute(HEALTH);
    await page.keyboard.press('Enter');
    await expectHealthy(page);
  });

  test('says so when the API cannot be reached at all', async ({ page }) => {
    await page.route(HEALTH, (route) => route.abort('connectionrefused'));
    await page.goto('/status');
    await expect(status(page)).toContainText('Unavailable');
    await expect(page.getByText('The API cannot be reached')).toBeVisible();
  });
});

test('answers unknown addresses with a not-found page', async ({ page, problems }) => {
  await page.goto('/no/such/page');
  await expect(page).toHaveTitle('Page not found · Tally');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to Tally' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Count what matters.' })).toBeVisible();
  expect(problems).toEqual([]);
});

test.describe('on a phone', () => {
  // defaultBrowserType would force a new worker per group; the desktop project's Chromium is kept.
  const { defaultBrowserType: _browser, ...phone } = devices['Pixel 7'];
  test.use(phone);

  test('home and status fit the screen, also at 320 px', async ({ page, problems }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Count what matters.' })).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await page.goto('/status');
    await expectHealthy(page);
    await expectNoHorizontalOverflow(page);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/');
    await expectNoHorizontalOverflow(page);
    expect(problems).toEqual([]);
  });
});
