import { devices, type Page } from '@playwright/test';
import { join } from 'node:path';
import { issueLinkToken, registerAccount, signInContext, type TestAccount, unsubscribeToken } from './support/accounts';
import { DOCS_SCREENSHOT_DIR } from './support/browser-env';
import { expectNoAccessibilityViolations, expectNoHorizontalOverflow } from './support/checks';
import { expect, test } from './support/fixtures';
import { markConfirmed, seedAccount } from './support/seed';

/**
 * Every page of the client, signed out and signed in, at 1280 px and 390 px, in the light and the
 * dark theme: a screenshot of each in docs/screenshots/ (the README shows them), axe-core's WCAG
 * A/AA rules on each (desktop in both themes, phone in the light one), nothing sticking out
 * sideways on a phone (390 and 360 px), and no console error, failed request or HTTP error anywhere.
 */

interface Stop {
  name: string;
  path: string | ((ids: Ids) => string);
  /** Waits until the page shows what it is for (data loaded, charts drawn). */
  ready: (page: Page) => Promise<void>;
  /** Steps after loading (open a dialog). */
  then?: (page: Page) => Promise<void>;
  /** Only what is on screen (a dialog), not the whole page behind it. */
  viewportOnly?: boolean;
  /** Left out of axe's run: the report's sandboxed frame, where axe cannot run (reports.spec.ts checks its HTML). */
  axeExclude?: string[];
  signedIn?: 'seeded' | 'empty';
}

interface Ids {
  running: number;
  journal: number;
  /** The empty account: the unsubscribe link's addressee. */
  addressee: number;
}

/** Last month in the accounts' time zone (UTC, as the browser's), `YYYY-MM`. */
function lastMonth(now = new Date()): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return date.toISOString().slice(0, 7);
}
/** How much of the report does not fit its frame (0 when the frame is sized to it). */
function frameOverflow(element: unknown): number {
  const frame = element as { clientHeight: number; contentDocument: { documentElement: { scrollHeight: number } } };
  return frame.contentDocument.documentElement.scrollHeight - frame.clientHeight;
}

const lastMonthName = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
  new Date(`${lastMonth()}-01T00:00:00Z`),
);

const h1 = (page: Page, name: string | RegExp) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
const chartsDrawn = async (page: Page, count: number) =>
  expect(page.locator('app-chart svg')).toHaveCount(count, { timeout: 20_000 });

const STOPS: Stop[] = [
  { name: 'home', path: '/', ready: (p) => h1(p, 'Count what matters.') },
  { name: 'signup', path: '/signup', ready: (p) => h1(p, 'Create your Tally account') },
  { name: 'login', path: '/login', ready: (p) => h1(p, 'Sign in to Tally') },
  { name: 'forgot-password', path: '/forgot-password', ready: (p) => h1(p, 'Forgot your password?') },
  { name: 'status', path: '/status', ready: (p) => expect(p.getByRole('status')).toContainText('Healthy') },
  { name: 'not-found', path: '/no/such/page', ready: (p) => h1(p, 'Page not found') },
  {
    name: 'unsubscribe',
    path: (ids) => `/unsubscribe#token=${unsubscribeToken(ids.addressee, 'reminders')}`,
    ready: (p) => h1(p, 'Turn off daily or weekly reminders?'),
  },
  {
    name: 'unsubscribe-done',
    path: (ids) => `/unsubscribe#token=${unsubscribeToken(ids.addressee, 'reminders')}`,
    ready: (p) => h1(p, 'Turn off daily or weekly reminders?'),
    then: async (p) => {
      await p.getByRole('button', { name: 'Turn off daily or weekly reminders' }).click();
      await h1(p, 'Daily and weekly reminders are off');
    },
  },
  {
    name: 'dashboard-empty',
    path: '/dashboard?welcome=1',
    signedIn: 'empty',
    ready: (p) => expect(p.getByRole('heading', { name: /first tracker/ })).toBeVisible(),
  },
  {
    name: 'reports-empty',
    path: '/reports',
    signedIn: 'empty',
    ready: (p) => expect(p.getByRole('heading', { level: 2, name: 'No reports yet' })).toBeVisible(),
  },
  {
    name: 'dashboard',
    path: '/dashboard',
    signedIn: 'seeded',
    ready: async (p) => {
      await expect(p.locator('app-tracker-card')).toHaveCount(4);
      // Each card's fortnight loads as it scrolls into view.
      for (const card of await p.locator('app-tracker-card').all()) await card.scrollIntoViewIfNeeded();
      await chartsDrawn(p, 4);
      await p.evaluate('window.scrollTo(0, 0)');
    },
  },
  {
    name: 'tracker-numbers',
    path: (ids) => `/trackers/${ids.running}`,
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Running');
      await chartsDrawn(p, 2);
      await expect(p.getByRole('table')).toBeVisible();
    },
  },
  {
    name: 'tracker-notes',
    path: (ids) => `/trackers/${ids.journal}`,
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Journal');
      await chartsDrawn(p, 2);
      await expect(p.getByRole('table')).toBeVisible();
    },
  },
  {
    name: 'log-dialog',
    path: (ids) => `/trackers/${ids.running}`,
    signedIn: 'seeded',
    ready: (p) => h1(p, 'Running'),
    viewportOnly: true,
    then: async (p) => {
      await p.getByRole('button', { name: 'Add log' }).first().click();
      await expect(p.getByRole('dialog', { name: 'Add a log to Running' })).toBeVisible();
      await p.getByLabel('Value (km)').fill('7.5');
      await p.getByRole('radio', { name: /Happy/ }).check();
    },
  },
  { name: 'tracker-new', path: '/trackers/new', signedIn: 'seeded', ready: (p) => h1(p, 'New tracker') },
  {
    name: 'tracker-edit',
    path: (ids) => `/trackers/${ids.running}/edit`,
    signedIn: 'seeded',
    ready: (p) => h1(p, 'Edit “Running”'),
  },
  {
    name: 'reports',
    path: '/reports',
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Monthly reports');
      await expect(p.getByRole('link', { name: lastMonthName })).toBeVisible();
    },
  },
  {
    name: 'report',
    path: `/reports/${lastMonth()}`,
    signedIn: 'seeded',
    axeExclude: ['iframe'],
    ready: async (p) => {
      await h1(p, lastMonthName);
      await expect(p.getByTestId('report-summary')).toContainText(/logs on \d+ of \d+ days/);
      // The server's report, drawn in its frame and sized to it (no scrollbar inside).
      const frame = p.frameLocator('iframe');
      await expect(frame.locator('svg').first()).toBeVisible({ timeout: 20_000 });
      await expect.poll(() => p.locator('iframe').evaluate(frameOverflow)).toBeLessThanOrEqual(1);
    },
  },
  {
    name: 'settings-profile',
    path: '/settings/profile',
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Settings');
      await expect(p.getByLabel('Time zone')).toBeVisible();
      await expect(p.getByText('Sign-ins')).toBeVisible();
    },
  },
  {
    name: 'settings-notifications',
    path: '/settings/notifications',
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Settings');
      await expect(p.getByRole('radio', { name: /Every day/ })).toBeChecked();
    },
  },
  {
    name: 'settings-security',
    path: '/settings/security',
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Settings');
      await expect(p.getByText('This device')).toBeVisible();
      await expect(p.getByRole('button', { name: 'Turn on two-step verification' })).toBeVisible();
    },
  },
  {
    name: 'settings-tokens',
    path: '/settings/tokens',
    signedIn: 'seeded',
    ready: async (p) => {
      await h1(p, 'Settings');
      await expect(p.getByText('No tokens yet.')).toBeVisible();
    },
  },
  {
    name: 'settings-data',
    path: '/settings/data',
    signedIn: 'seeded',
    ready: (p) => expect(p.getByRole('heading', { name: 'Delete your account' })).toBeVisible(),
  },
];

// The four variants run side by side (one per worker), not one after the other.
test.describe.configure({ mode: 'parallel' });

const VARIANTS = [
  { device: 'desktop', colorScheme: 'light' },
  { device: 'desktop', colorScheme: 'dark' },
  { device: 'phone', colorScheme: 'light' },
  { device: 'phone', colorScheme: 'dark' },
] as const;

const { defaultBrowserType: _browser, ...phone } = devices['Pixel 7'];

/**
 * The whole page as a person scrolling it sees it: the viewport is made as tall as the page first,
 * so the phone's sticky tab bar lands at the bottom instead of over the middle (which is where
 * Chromium's full-page capture leaves fixed and sticky elements).
 */
async function screenshotPage(page: Page, name: string, whole: boolean): Promise<void> {
  const viewport = page.viewportSize()!;
  if (whole) {
    const height = await page.evaluate('document.documentElement.scrollHeight');
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Number(height)) });
  }
  await page.screenshot({ path: join(DOCS_SCREENSHOT_DIR, `${name}.png`), scale: 'css', animations: 'disabled' });
  if (whole) await page.setViewportSize(viewport);
}

async function trackerIds(page: Page, token: string): Promise<Omit<Ids, 'addressee'>> {
  const response = await page.request.get('/api/v1/trackers', { headers: { authorization: `Bearer ${token}` } });
  const { items } = (await response.json()) as { items: { id: number; name: string }[] };
  const id = (name: string) => items.find((t) => t.name === name)!.id;
  return { running: id('Running'), journal: id('Journal') };
}

for (const variant of VARIANTS) {
  test.describe(`every page, ${variant.device}, ${variant.colorScheme}`, () => {
    if (variant.device === 'phone') test.use({ ...phone, viewport: { width: 390, height: 844 } });

    test(`looks right and passes axe (${variant.device}, ${variant.colorScheme})`, async ({
      page,
      browser,
      request,
      problems,
    }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: variant.colorScheme, reducedMotion: 'reduce' });
      const seeded: TestAccount = await registerAccount(request);
      await markConfirmed(seeded.id);
      const empty = await registerAccount(request);
      await markConfirmed(empty.id);

      // Signed out first; then the empty account; then the seeded one.
      let signedIn: 'seeded' | 'empty' | null = null;
      let ids: Ids = { running: 0, journal: 0, addressee: empty.id };
      for (const stop of STOPS) {
        if ((stop.signedIn ?? null) !== signedIn) {
          await page.context().clearCookies();
          if (stop.signedIn) {
            const account = stop.signedIn === 'seeded' ? seeded : empty;
            const token = await signInContext(page, account);
            if (stop.signedIn === 'seeded') {
              await seedAccount(page.request, token);
              ids = { ...ids, ...(await trackerIds(page, token)) };
            }
          }
          signedIn = stop.signedIn ?? null;
        }
        const path = typeof stop.path === 'function' ? stop.path(ids) : stop.path;
        await page.goto(path);
        await stop.ready(page);
        await stop.then?.(page);
        if (variant.device === 'desktop' || variant.colorScheme === 'light')
          await expectNoAccessibilityViolations(page, stop.axeExclude);
        if (variant.device === 'phone') await expectNoHorizontalOverflow(page);
        await screenshotPage(page, `${stop.name}-${variant.device}-${variant.colorScheme}`, !stop.viewportOnly);
        if (variant.device === 'phone' && variant.colorScheme === 'light') {
          // The narrow phones still common (360 px): nothing sticks out there either.
          await page.setViewportSize({ width: 360, height: 780 });
          await expectNoHorizontalOverflow(page);
          await page.setViewportSize({ width: 390, height: 844 });
        }
      }
      void browser;
      // The not-found page answers 200 (the client routes it); nothing else went wrong anywhere.
      expect(problems).toEqual([]);
    });
  });
}

test('the confirm-email and reset-password pages, from emailed links', async ({ page, request, problems }) => {
  const account = await registerAccount(request);
  await page.goto(`/confirm-email#token=${await issueLinkToken(account.id, 'confirm_email', 86_400_000)}`);
  await h1(page, 'Your email address is confirmed');
  await expectNoAccessibilityViolations(page);
  await screenshotPage(page, 'confirm-email-desktop-light', true);
  await page.goto('about:blank');
  await page.goto(`/reset-password#token=${await issueLinkToken(account.id, 'reset_password')}`);
  await h1(page, 'Choose a new password');
  await expectNoAccessibilityViolations(page);
  await screenshotPage(page, 'reset-password-desktop-light', true);
  expect(problems).toEqual([]);
});
