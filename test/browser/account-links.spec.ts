import { devices, type Page, type Request } from '@playwright/test';
import {
  isEmailConfirmed,
  issueLinkToken,
  logIn,
  PASSWORD,
  registerAccount,
  type TestAccount,
} from './support/accounts';
import { browserTestServer } from './support/browser-env';
import { expectNoAccessibilityViolations, expectNoHorizontalOverflow, screenshot, tabTo } from './support/checks';
import { expect, test } from './support/fixtures';

/**
 * The pages behind the account emails' links: /confirm-email#token=…, /reset-password#token=…
 * and /forgot-password, against the real api. The browser-test api has no worker, so no mail is
 * sent: tokens are issued straight into `one_time_tokens`, as the worker would when composing.
 */

const NEW_PASSWORD = 'a brand new passphrase';
const DAY_MS = 24 * 3_600_000;
const server = browserTestServer();

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const newPassword = (page: Page) => page.getByLabel('New password');
const confirmation = (page: Page) => page.getByLabel('Type it again');
const setPassword = (page: Page) => page.getByRole('button', { name: 'Set new password' });
const email = (page: Page) => page.getByLabel('Email address');

/** The account-link API calls the page makes (`POST /api/v1/auth/…`), with every request URL seen. */
function watchRequests(page: Page) {
  const calls: Request[] = [];
  const urls: string[] = [];
  page.on('request', (request) => {
    urls.push(request.url());
    if (request.url().includes('/api/v1/auth/')) calls.push(request);
  });
  return { calls, urls, paths: () => calls.map((r) => `${r.method()} ${new URL(r.url()).pathname}`) };
}

/** The problems a test provokes on purpose: that HTTP status from that endpoint, and Chromium's console line for it. */
function expectOnlyRefusals(problems: string[], status: number, endpoint: string): void {
  const expected = [
    new RegExp(`^HTTP ${status}: .*/api/v1/auth/${endpoint}$`),
    new RegExp(`^console error: Failed to load resource: the server responded with a status of ${status}\\b`),
  ];
  expect(problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)))).toEqual([]);
}

/** Opens an emailed link. From about:blank, so a link differing from the current address only by its fragment still loads the page. */
async function openLink(page: Page, path: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(path);
}

/** The token left the address bar, and no API request carried it in its URL (only in a body). */
async function expectTokenGone(page: Page, path: string, token: string, urls: string[]): Promise<void> {
  await expect(page).toHaveURL(`${server.baseURL}${path}`);
  expect(urls.filter((url) => url.includes('/api/') && url.includes(token))).toEqual([]);
}

async function resetLink(account: TestAccount, lifetimeMs = 3_600_000): Promise<string> {
  return `/reset-password#token=${await issueLinkToken(account.id, 'reset_password', lifetimeMs)}`;
}

async function choosePassword(page: Page, password: string, again = password): Promise<void> {
  await newPassword(page).fill(password);
  await confirmation(page).fill(again);
}

test.describe('confirm email', () => {
  test('confirms with the emailed link, clears the token from the address bar, and calls a second use too late', async ({
    page,
    problems,
    request,
  }) => {
    const account = await registerAccount(request);
    const token = await issueLinkToken(account.id, 'confirm_email', DAY_MS);
    const seen = watchRequests(page);

    await openLink(page, `/confirm-email#token=${token}`);
    await expect(heading(page, 'Your email address is confirmed')).toBeFocused();
    await expect(page).toHaveTitle('Confirm your email address · Tally');
    await expect(page.getByRole('link', { name: 'Go to Tally' })).toBeVisible();
    expect(await isEmailConfirmed(account.id)).toBe(true);
    // The token went in the body of one POST, never in a URL the server saw, and left the address bar.
    expect(seen.paths()).toEqual(['POST /api/v1/auth/confirm-email']);
    expect(seen.calls[0]!.postDataJSON()).toEqual({ token });
    await expectTokenGone(page, '/confirm-email', token, seen.urls);
    await screenshot(page, 'confirm-email-confirmed-desktop');
    expect(problems).toEqual([]);

    await openLink(page, `/confirm-email#token=${token}`);
    await expect(heading(page, 'This link was already used or has expired')).toBeFocused();
    await expect(page.getByText('This confirmation link is invalid, already used or expired')).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'Resend confirmation email' })).toContainText(
      'sign in to Tally',
    );
    await screenshot(page, 'confirm-email-used-desktop');
    expectOnlyRefusals(problems, 400, 'confirm-email');
  });

  test('explains a link without its token, or cut short, without calling the API', async ({ page, problems }) => {
    const seen = watchRequests(page);
    await openLink(page, '/confirm-email');
    await expect(heading(page, 'This link has no confirmation code')).toBeVisible();
    await expect(page.getByText('Open the link in your confirmation email again')).toBeVisible();
    await screenshot(page, 'confirm-email-missing-desktop');

    await openLink(page, '/confirm-email#token=abc123');
    await expect(heading(page, 'This link is incomplete')).toBeVisible();
    await expect(page).toHaveURL(`${server.baseURL}/confirm-email`);
    expect(seen.paths()).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('when the API cannot be reached, keeps the link and confirms on Try again', async ({
    page,
    problems,
    request,
  }) => {
    const account = await registerAccount(request);
    const token = await issueLinkToken(account.id, 'confirm_email', DAY_MS);
    await page.route('**/api/v1/auth/confirm-email', (route) => route.abort('connectionrefused'));

    await openLink(page, `/confirm-email#token=${token}`);
    await expect(heading(page, 'Your address is not confirmed yet')).toBeFocused();
    await expect(page.getByRole('alert')).toContainText('The API cannot be reached');
    await screenshot(page, 'confirm-email-unreachable-desktop');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => /ERR_CONNECTION_REFUSED|ERR_FAILED/.test(p))).toBe(true);

    await page.unroute('**/api/v1/auth/confirm-email');
    const retry = page.getByRole('button', { name: 'Try again' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await expect(heading(page, 'Your email address is confirmed')).toBeFocused();
    expect(await isEmailConfirmed(account.id)).toBe(true);
  });
});

test.describe('reset password', () => {
  test('keeps a mismatched confirmation or a short password from being sent, and says why next to the field', async ({
    page,
    problems,
    request,
  }) => {
    const account = await registerAccount(request);
    const seen = watchRequests(page);
    await openLink(page, await resetLink(account));
    await expect(heading(page, 'Choose a new password')).toBeVisible();
    await expect(page).toHaveTitle('Choose a new password · Tally');

    await newPassword(page).fill('short');
    await confirmation(page).focus();
    await expect(page.getByText('Use at least 8 characters: this password has 5.')).toBeVisible();
    await expect(newPassword(page)).toHaveAttribute('aria-invalid', 'true');

    await choosePassword(page, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    await setPassword(page).click();
    await expect(confirmation(page)).toBeFocused();
    await expect(confirmation(page)).toHaveAccessibleDescription(/The two passwords are different/);
    await screenshot(page, 'reset-password-mismatch-desktop');

    await page.getByLabel('Show passwords').check();
    await expect(confirmation(page)).toHaveAttribute('type', 'text');
    expect(seen.paths()).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('refuses a password over 72 bytes: inline as it is typed, and with the API’s message when the API is asked', async ({
    page,
    problems,
    request,
  }) => {
    const account = await registerAccount(request);
    const seen = watchRequests(page);
    await openLink(page, await resetLink(account));

    // 36 × "é" (2 bytes each) + "a" = 37 characters but 73 bytes.
    const tooLong = `${'é'.repeat(36)}a`;
    await choosePassword(page, tooLong);
    await setPassword(page).click();
    await expect(newPassword(page)).toBeFocused();
    await expect(newPassword(page)).toHaveAccessibleDescription(/This password is 73 bytes long; the limit is 72\./);
    expect(seen.paths()).toEqual([]);

    // The form's rule matches the API's, so to see the API refuse, the request is changed on its way:
    // the page sends 72 bytes, the API receives 73.
    let apiMessage = '';
    await page.route('**/api/v1/auth/reset-password', async (route) => {
      const body = route.request().postDataJSON() as { token: string; newPassword: string };
      const response = await route.fetch({
        postData: JSON.stringify({ ...body, newPassword: `${body.newPassword}a` }),
      });
      expect(response.status()).toBe(400);
      apiMessage = ((await response.json()) as { message: string }).message;
      await route.fulfill({ response });
    });
    await choosePassword(page, 'é'.repeat(36));
    await setPassword(page).click();
    await expect(newPassword(page)).toBeFocused();
    expect(apiMessage).toContain('at most 72 bytes');
    await expect(page.locator('#new-password-error')).toHaveText(apiMessage);
    await screenshot(page, 'reset-password-refused-desktop');

    // Editing the field clears the API's message; the refusal did not use up the link.
    await page.unroute('**/api/v1/auth/reset-password');
    await newPassword(page).fill(NEW_PASSWORD);
    await expect(page.getByText(apiMessage)).toHaveCount(0);
    await confirmation(page).fill(NEW_PASSWORD);
    await setPassword(page).click();
    await expect(heading(page, 'Your password is changed')).toBeFocused();
    expectOnlyRefusals(problems, 400, 'reset-password');
  });

  test('sets the new password: every session ends, the new password signs in and the old one no longer does', async ({
    page,
    problems,
    request,
  }) => {
    const account = await registerAccount(request);
    const before = await logIn(request, account.email, PASSWORD);
    expect(before.status).toBe(200);
    const link = await resetLink(account);
    const token = link.split('#token=')[1]!;
    const seen = watchRequests(page);

    // Held until the loading state has been checked.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/auth/reset-password', async (route) => {
      await held;
      await route.continue();
    });

    await openLink(page, link);
    await choosePassword(page, NEW_PASSWORD);
    await page.keyboard.press('Enter');
    const busy = page.getByRole('button', { name: 'Saving…' });
    await expect(busy).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Enter'); // a second press sends nothing more
    release();

    await expect(heading(page, 'Your password is changed')).toBeFocused();
    await expect(page.getByText('we signed you out of Tally on every device')).toBeVisible();
    await expect(page.getByText('“password changed” email')).toBeVisible();
    expect(seen.paths()).toEqual(['POST /api/v1/auth/reset-password']);
    expect(seen.calls[0]!.postDataJSON()).toEqual({ token, newPassword: NEW_PASSWORD });
    await expectTokenGone(page, '/reset-password', token, seen.urls);
    await screenshot(page, 'reset-password-done-desktop');

    const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${before.accessToken}` } });
    expect(me.status()).toBe(401);
    expect((await logIn(request, account.email, PASSWORD)).status).toBe(401);
    expect((await logIn(request, account.username, NEW_PASSWORD)).status).toBe(200);
    expect(problems).toEqual([]);
  });

  test('an expired or used link says so and offers a new one', async ({ page, problems, request }) => {
    const account = await registerAccount(request);
    await openLink(page, await resetLink(account, -1_000));
    await choosePassword(page, NEW_PASSWORD);
    await setPassword(page).click();
    await expect(heading(page, 'This reset link was already used or has expired')).toBeFocused();
    await expect(page.getByText('This password reset link is invalid, already used or expired')).toBeVisible();
    await screenshot(page, 'reset-password-expired-desktop');
    expect((await logIn(request, account.email, NEW_PASSWORD)).status).toBe(401);

    await page.getByRole('link', { name: 'Get a new reset link' }).click();
    await expect(heading(page, 'Forgot your password?')).toBeVisible();
    await expect(page).toHaveURL(`${server.baseURL}/forgot-password`);
    expectOnlyRefusals(problems, 400, 'reset-password');
  });

  test('a link without its token says so and offers a new one', async ({ page, problems }) => {
    const seen = watchRequests(page);
    await openLink(page, '/reset-password');
    await expect(heading(page, 'This link has no reset code')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Get a new reset link' })).toHaveAttribute('href', '/forgot-password');
    await screenshot(page, 'reset-password-missing-desktop');
    expect(seen.paths()).toEqual([]);
    expect(problems).toEqual([]);
  });
});

test.describe('forgot password', () => {
  /** The confirmation text with the address taken out, to compare known and unknown addresses. */
  async function requestLinkWithKeyboard(page: Page, address: string): Promise<string> {
    await openLink(page, '/forgot-password');
    await expect(page).toHaveTitle('Forgot your password? · Tally');
    await tabTo(page, email(page));
    await expect(email(page)).toBeFocused();
    await page.keyboard.type(address);
    await page.keyboard.press('Enter');
    await expect(heading(page, 'Check your email')).toBeFocused();
    const result = page.getByRole('main');
    await expect(result).toContainText(`If an account exists for ${address}, we sent a link there`);
    return (await result.innerText()).replace(address, '<address>');
  }

  test('answers a known and an unknown address with the same neutral message', async ({ page, problems, request }) => {
    const account = await registerAccount(request);
    const seen = watchRequests(page);
    const known = await requestLinkWithKeyboard(page, account.email);
    await screenshot(page, 'forgot-password-sent-desktop');
    const unknown = await requestLinkWithKeyboard(page, `nobody-${Date.now()}@example.com`);
    expect(unknown).toBe(known);
    expect(seen.paths()).toEqual(['POST /api/v1/auth/forgot-password', 'POST /api/v1/auth/forgot-password']);

    // Back to the form, address kept, to ask again.
    await page.getByRole('button', { name: 'Send another link' }).click();
    await expect(heading(page, 'Forgot your password?')).toBeFocused();
    await expect(email(page)).toHaveValue(/^nobody-/);
    expect(problems).toEqual([]);
  });

  test('checks the address inline before sending it', async ({ page, problems }) => {
    const seen = watchRequests(page);
    await openLink(page, '/forgot-password');
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await expect(email(page)).toBeFocused();
    await expect(email(page)).toHaveAccessibleDescription('Enter the email address of your account.');
    await email(page).fill('ada.example.com');
    await expect(email(page)).toHaveAccessibleDescription('Enter an email address like name@example.com.');
    await screenshot(page, 'forgot-password-invalid-desktop');
    expect(seen.paths()).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('when throttled, says in plain words when to try again (Retry-After)', async ({ page, problems, request }) => {
    // The per-account limit (10 a window): the page's request is the eleventh for this address.
    const address = `often-${Date.now()}@example.com`;
    const limit = Number(server.env.AUTH_THROTTLE_ACCOUNT_LIMIT);
    for (let i = 0; i < limit; i++) {
      expect((await request.post('/api/v1/auth/forgot-password', { data: { email: address } })).status()).toBe(202);
    }
    await openLink(page, '/forgot-password');
    await email(page).fill(address);
    const answer = page.waitForResponse('**/api/v1/auth/forgot-password');
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    const response = await answer;
    expect(response.status()).toBe(429);
    expect(response.headers()['retry-after']).toBe(server.env.AUTH_THROTTLE_BLOCK_SECONDS);

    const alert = page.getByRole('alert');
    await expect(alert).toContainText('No link was sent');
    await expect(alert).toContainText(/Please try again in 15 minutes \(after [^)]+\)\./);
    await expect(page.getByRole('button', { name: 'Email me a reset link' })).not.toHaveAttribute('aria-disabled');
    await screenshot(page, 'forgot-password-throttled-desktop');
    expectOnlyRefusals(problems, 429, 'forgot-password');
  });

  test('says so when the API cannot be reached', async ({ page }) => {
    await page.route('**/api/v1/auth/forgot-password', (route) => route.abort('connectionrefused'));
    await openLink(page, '/forgot-password');
    await email(page).fill('ada@example.com');
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await expect(page.getByRole('alert')).toContainText('The API cannot be reached');
    await expect(heading(page, 'Forgot your password?')).toBeVisible();
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`account pages meet WCAG AA in the ${colorScheme} theme`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const account = await registerAccount(request);
    const suffix = colorScheme === 'dark' ? '-dark' : '';

    await openLink(page, `/confirm-email#token=${await issueLinkToken(account.id, 'confirm_email', DAY_MS)}`);
    await expect(heading(page, 'Your email address is confirmed')).toBeVisible();
    await expectNoAccessibilityViolations(page);
    await openLink(page, '/confirm-email#token=bad');
    await expect(heading(page, 'This link is incomplete')).toBeVisible();
    await expectNoAccessibilityViolations(page);

    await openLink(page, await resetLink(account));
    await choosePassword(page, 'short', 'different');
    await setPassword(page).click();
    await expect(page.getByText('Use at least 8 characters')).toBeVisible();
    await expectNoAccessibilityViolations(page);
    if (suffix) await screenshot(page, `reset-password-errors${suffix}-desktop`);
    await choosePassword(page, NEW_PASSWORD);
    await setPassword(page).click();
    await expect(heading(page, 'Your password is changed')).toBeVisible();
    await expectNoAccessibilityViolations(page);

    await openLink(page, '/forgot-password');
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await expectNoAccessibilityViolations(page);
    await email(page).fill(account.email);
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await expect(heading(page, 'Check your email')).toBeVisible();
    await expectNoAccessibilityViolations(page);
    if (suffix) await screenshot(page, `forgot-password-sent${suffix}-desktop`);
  });
}

test.describe('account pages on a phone', () => {
  // defaultBrowserType would force a new worker per group; the desktop project's Chromium is kept.
  const { defaultBrowserType: _browser, ...phone } = devices['Pixel 7'];
  test.use(phone);

  test('fit the screen and work by touch', async ({ page, problems, request }) => {
    const account = await registerAccount(request);

    await openLink(page, `/confirm-email#token=${await issueLinkToken(account.id, 'confirm_email', DAY_MS)}`);
    await expect(heading(page, 'Your email address is confirmed')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'confirm-email-confirmed-phone');

    await openLink(page, await resetLink(account));
    await newPassword(page).tap();
    await choosePassword(page, `${'é'.repeat(36)}a`, 'something else');
    await setPassword(page).tap();
    await expect(page.getByText('This password is 73 bytes long')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'reset-password-errors-phone');
    await choosePassword(page, NEW_PASSWORD);
    await setPassword(page).tap();
    await expect(heading(page, 'Your password is changed')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'reset-password-done-phone');

    await openLink(page, '/forgot-password');
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'forgot-password-phone');
    await email(page).fill(account.email);
    await page.getByRole('button', { name: 'Email me a reset link' }).tap();
    await expect(heading(page, 'Check your email')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'forgot-password-sent-phone');

    // The narrowest phones still in use (320 CSS pixels).
    await page.setViewportSize({ width: 320, height: 640 });
    await openLink(page, await resetLink(account));
    await setPassword(page).tap();
    await expect(page.getByText('Enter a new password.')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await screenshot(page, 'reset-password-errors-320px');
    expect(problems).toEqual([]);
  });
});
