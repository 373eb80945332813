import type { APIRequestContext } from '@playwright/test';
import { registerAccount, signInContext, type TestAccount } from './support/accounts';
import { expectNoAccessibilityViolations } from './support/checks';
import { expect, test } from './support/fixtures';
import { waitForMail } from './support/mail';
import { markConfirmed } from './support/seed';
import { heading } from './support/ui';

/**
 * The reports pages against the real report API and worker: the history a page at a time, the
 * report of a month, sending it now (and the refusal for an unconfirmed address), and the
 * readable answers for a month without logs and an address that is no month at all. Last month's
 * report and its PDF are in the journey.
 */

test.describe.configure({ mode: 'parallel' });

/** `YYYY-MM` of `monthsAgo` months before this one, in UTC (the accounts' zone). */
function monthId(monthsAgo: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1)).toISOString().slice(0, 7);
}

function monthName(id: string): string {
  return new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${id}-01T00:00:00Z`),
  );
}

/** One run on the 10th of each of the given months, through the api's import. */
async function logInMonths(request: APIRequestContext, accessToken: string, monthsAgo: number[]): Promise<void> {
  const logs = monthsAgo.map((ago, i) => {
    // This month: a minute ago (the import takes no future logs); earlier ones: the 10th.
    const at = ago === 0 ? new Date(Date.now() - 60_000).toISOString() : `${monthId(ago)}-10T07:30:00.000Z`;
    const log = { loggedAt: at, value: 5 + i, description: null, emotion: 'happy', createdAt: at };
    return { ...log, reminderMessage: null, reminderAt: null, reminderSentAt: null };
  });
  const document = {
    format: 'tally-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    trackers: [
      {
        name: 'Running',
        type: 'numerical',
        description: null,
        whatToTrack: 'Distance run',
        unit: 'km',
        createdAt: `${monthId(Math.max(...monthsAgo) + 1)}-01T00:00:00.000Z`,
        logs,
      },
    ],
  };
  const response = await request.post('/api/v1/import', {
    headers: { authorization: `Bearer ${accessToken}` },
    multipart: {
      file: { name: 'months.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) },
    },
  });
  expect(response.status(), await response.text()).toBe(200);
}

async function account(
  page: import('@playwright/test').Page,
  request: APIRequestContext,
  confirmed: boolean,
): Promise<{ account: TestAccount; token: string }> {
  const created = await registerAccount(request);
  if (confirmed) await markConfirmed(created.id);
  const token = await signInContext(page, created);
  return { account: created, token };
}

test('the history comes a page at a time, newest first, and each month opens its report by keyboard', async ({
  page,
  request,
  problems,
}) => {
  const { token } = await account(page, request, true);
  // This month and the 13 before it: 14 months, more than one page (12).
  await logInMonths(page.request, token, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  await page.goto('/reports');
  const months = page.getByRole('list', { name: 'Months' }).getByRole('listitem');
  await expect(months).toHaveCount(12);
  await expect(months.first()).toContainText(monthName(monthId(0)));
  await expect(months.first()).toContainText('In progress');
  await expect(months.nth(1)).toContainText(monthName(monthId(1)));
  await expect(months.nth(1)).toContainText('Not emailed');
  await page.getByRole('button', { name: 'Show older months' }).click();
  await expect(months).toHaveCount(14);
  await expect(months.last()).toContainText(monthName(monthId(13)));
  await expect(page.getByRole('button', { name: 'Show older months' })).toHaveCount(0);

  const link = page.getByRole('link', { name: monthName(monthId(2)) });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(heading(page, monthName(monthId(2)))).toBeVisible();
  await expect(page.frameLocator('iframe').getByText('Running').first()).toBeVisible();
  await expectNoAccessibilityViolations(page, ['iframe']);

  // axe cannot run inside the sandboxed frame: the report's HTML on a page of its own, then.
  const html = await page.request.get(`/api/v1/reports/${monthId(2)}/html`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(html.headers()['content-type']).toMatch(/^text\/html/);
  const alone = await page.context().newPage();
  await alone.setContent(await html.text());
  await expectNoAccessibilityViolations(alone);
  await alone.close();
  expect(problems).toEqual([]);
});

test('"Email it to me" sends the report now, and the history says it was emailed', async ({
  page,
  request,
  problems,
}) => {
  const { account: user, token } = await account(page, request, true);
  await logInMonths(page.request, token, [1]);
  const month = monthId(1);
  await page.goto(`/reports/${month}`);
  await expect(heading(page, monthName(month))).toBeVisible();
  await page.getByRole('button', { name: 'Email it to me' }).click();
  await expect(page.getByRole('status').filter({ hasText: `report was sent to ${user.email}` })).toBeVisible({
    timeout: 30_000,
  });
  const mail = await waitForMail(user.email, /report/i, 60_000);
  expect(mail.subject).toContain(monthName(month).split(' ')[0]!);
  await page.getByRole('link', { name: 'All reports' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: monthName(month) })).toContainText('Emailed');
  expect(problems).toEqual([]);
});

test('an unconfirmed address: nothing is sent, and the page says to confirm first', async ({
  page,
  request,
  problems,
}) => {
  const { token } = await account(page, request, false);
  await logInMonths(page.request, token, [1]);
  await page.goto(`/reports/${monthId(1)}`);
  await page.getByRole('button', { name: 'Email it to me' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Not sent: your email address is not confirmed yet' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/confirm/i);
  await expectNoAccessibilityViolations(page, ['iframe']);
  expect(problems).toHaveLength(2);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^HTTP 409: .*\/api\/v1\/reports\/\d{4}-\d{2}\/send$/),
      expect.stringMatching(/^console error: Failed to load resource: .* 409/),
    ]),
  );
});

test('a month without logs, and an address that is no month: readable, with the way back', async ({
  page,
  request,
  problems,
}) => {
  const { token } = await account(page, request, true);
  await logInMonths(page.request, token, [1]);
  const empty = monthId(3);
  await page.goto(`/reports/${empty}`);
  await expect(heading(page, `No report for ${monthName(empty)}`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'See all your reports' })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  await page.goto('/reports/2026-13');
  await expect(heading(page, 'There is no report at this address')).toBeVisible();
  await page.getByRole('link', { name: 'See all your reports' }).click();
  await expect(heading(page, 'Monthly reports')).toBeVisible();

  const refused = problems.filter((p) => /^HTTP (400|404): .*\/api\/v1\/reports\//.test(p));
  const console = problems.filter((p) => /^console error: Failed to load resource: .* (400|404)/.test(p));
  expect(refused.length).toBeGreaterThan(0);
  expect(problems.length).toBe(refused.length + console.length);
});

test('a new user: the empty state says how reports come', async ({ page, request, problems }) => {
  await account(page, request, true);
  await page.goto('/reports');
  await expect(heading(page, 'No reports yet', 2)).toBeVisible();
  await page.getByRole('link', { name: 'Go to your trackers' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(problems).toEqual([]);
});
