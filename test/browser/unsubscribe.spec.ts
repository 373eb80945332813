import type { APIRequestContext, Page } from '@playwright/test';
import { logIn, registerAccount, signInContext, unsubscribeToken, type TestAccount } from './support/accounts';
import { expectNoAccessibilityViolations } from './support/checks';
import { expect, test } from './support/fixtures';
import { heading } from './support/ui';

/**
 * The page behind the unsubscribe link in reminder and report emails (`/unsubscribe#token=…`):
 * opening it changes nothing, one button press turns that kind of mail off, signed in or not,
 * and a changed or cut-off link gets a readable answer instead.
 */

interface Settings {
  frequency: string;
  eventReminders?: boolean;
}

async function settingsOf(request: APIRequestContext, account: TestAccount): Promise<Settings> {
  const { accessToken } = await logIn(request, account.email, account.password);
  const response = await request.get('/api/v1/me/notification-settings', {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as Settings;
}

/** Every call the page made to the api, to show that opening the link sent nothing. */
function apiCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/unsubscribe')) calls.push(`${request.method()} ${request.url()}`);
  });
  return calls;
}

test('signed out: the link says what it turns off, changes nothing until the button, then turns reminders off', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  expect((await settingsOf(request, account)).frequency).toBe('daily');
  const calls = apiCalls(page);

  await page.goto(`/unsubscribe#token=${unsubscribeToken(account.id, 'reminders')}`);
  await expect(heading(page, 'Turn off daily or weekly reminders?')).toBeVisible();
  await expect(page.getByText('The daily or weekly email that reminds you to log')).toBeVisible();
  // The token leaves the address bar; opening the page sent nothing and changed nothing.
  await expect(page).toHaveURL(/\/unsubscribe$/);
  await page.waitForLoadState('networkidle');
  expect(calls).toEqual([]);
  expect((await settingsOf(request, account)).frequency).toBe('daily');
  await expectNoAccessibilityViolations(page);

  await page.getByRole('button', { name: 'Turn off daily or weekly reminders' }).click();
  await expect(heading(page, 'Daily and weekly reminders are off')).toBeFocused();
  await expect(page.getByText('You will no longer receive daily or weekly reminders.')).toBeVisible();
  expect(calls).toHaveLength(1);
  expect(calls[0]).toMatch(/^POST /);
  expect((await settingsOf(request, account)).frequency).toBe('off');
  await expectNoAccessibilityViolations(page);

  // The settings link asks a signed-out visitor to sign in first, and comes back there.
  await page.getByRole('link', { name: 'Open email settings' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fnotifications$/);
  expect(problems).toEqual([]);
});

test('signed in: the reminders on logs are turned off, and the settings page shows it', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  await signInContext(page, account);
  expect((await settingsOf(request, account)).eventReminders).toBe(true);

  await page.goto(`/unsubscribe#token=${unsubscribeToken(account.id, 'event-reminders')}`);
  await expect(heading(page, 'Turn off reminders on logs?')).toBeVisible();
  await expect(page.getByText('another Tally account')).toHaveCount(0);
  // By keyboard.
  await page.getByRole('button', { name: 'Turn off reminders on logs' }).focus();
  await page.keyboard.press('Enter');
  await expect(heading(page, 'Reminders on logs are off')).toBeVisible();
  expect((await settingsOf(request, account)).eventReminders).toBe(false);
  await page.getByRole('link', { name: 'Open email settings' }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(heading(page, 'Settings')).toBeVisible();
  expect(problems).toEqual([]);
});

test('the link in a report email turns the monthly report off; the reports stay in the app', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  const reportFormat = async () => {
    const { accessToken } = await logIn(request, account.email, account.password);
    const response = await request.get('/api/v1/me/report-settings', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return ((await response.json()) as { format: string }).format;
  };
  expect(await reportFormat()).not.toBe('off');
  await page.goto(`/unsubscribe#token=${unsubscribeToken(account.id, 'reports')}`);
  await expect(heading(page, 'Turn off monthly reports?')).toBeVisible();
  await expect(page.getByText('Your reports stay in Tally, under Reports')).toBeVisible();
  await page.getByRole('button', { name: 'Turn off monthly reports' }).click();
  await expect(heading(page, 'Monthly report emails are off')).toBeVisible();
  expect(await reportFormat()).toBe('off');
  expect(problems).toEqual([]);
});

test('signed in as someone else: the page says whose emails the link turns off', async ({
  page,
  request,
  problems,
}) => {
  const addressee = await registerAccount(request);
  const other = await registerAccount(request);
  await signInContext(page, other);
  await page.goto(`/unsubscribe#token=${unsubscribeToken(addressee.id, 'reminders')}`);
  await expect(page.getByText('another Tally account than the one you are signed in as')).toBeVisible();
  await expect(page.getByText(`(${other.username})`)).toBeVisible();
  expect(problems).toEqual([]);
});

test('a changed, a cut-off and an empty link: readable, and nothing is turned off', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  const token = unsubscribeToken(account.id, 'reminders');
  // Same shape, another signature: only the api can tell, and it refuses.
  const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  await page.goto(`/unsubscribe#token=${forged}`);
  await page.getByRole('button', { name: 'Turn off daily or weekly reminders' }).click();
  await expect(heading(page, 'This unsubscribe link does not work')).toBeVisible();
  await expect(page.getByText('This unsubscribe link is not valid')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open email settings' })).toBeVisible();
  await expectNoAccessibilityViolations(page);
  expect((await settingsOf(request, account)).frequency).toBe('daily');

  await page.goto('about:blank');
  await page.goto(`/unsubscribe#token=${token.slice(0, 20)}`);
  await expect(heading(page, 'This unsubscribe link is incomplete')).toBeVisible();
  await expect(page.getByRole('button')).toHaveCount(0);

  await page.goto('about:blank');
  await page.goto('/unsubscribe');
  await expect(heading(page, 'This link has no unsubscribe code')).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // The one refusal (and Chromium's console line for it), nothing else.
  expect(problems).toHaveLength(2);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^HTTP 400: .*\/api\/v1\/unsubscribe\//),
      'console error: Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]),
  );
});
