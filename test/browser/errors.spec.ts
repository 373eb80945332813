import { type Page, type Request } from '@playwright/test';
import { sign } from 'jsonwebtoken';
import { loadConfig } from '../../libs/platform/src/config/load-config';
import { registerAccount, signInContext } from './support/accounts';
import { expect, test } from './support/fixtures';
import { markConfirmed, seedAccount } from './support/seed';
import { heading, toast } from './support/ui';

/**
 * What goes wrong, and how the app takes it: a wrong password, forms refused inline before
 * anything is sent, an expired access token (refreshed once, silently, however many requests
 * failed), a session ended elsewhere, and the api or the network down.
 */

test.describe.configure({ mode: 'parallel' });

/** Only the given status from the given api path (and Chromium's console line for it), nothing else. */
function expectOnly(problems: string[], allowed: { status: number; path: RegExp }[]): void {
  const unexpected = problems.filter(
    (problem) =>
      !allowed.some(
        ({ status, path }) =>
          (problem.startsWith(`HTTP ${status}: `) && path.test(problem)) ||
          problem.startsWith(`console error: Failed to load resource: the server responded with a status of ${status}`),
      ),
  );
  expect(unexpected).toEqual([]);
}

function apiCalls(page: Page) {
  const calls: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) calls.push(request);
  });
  return {
    calls,
    paths: () => calls.map((r) => `${r.method()} ${new URL(r.url()).pathname}`),
    count: (method: string, path: RegExp) =>
      calls.filter((r) => r.method() === method && path.test(new URL(r.url()).pathname)).length,
  };
}

test('a wrong password is refused with a clear message; the right one signs in and returns to the page asked for', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  await page.goto('/settings/tokens');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Ftokens$/);
  await page.getByLabel('Email or username').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill('not my password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('You are not signed in');
  await expect(alert).toContainText(/wrong/i);
  await expect(page.getByLabel('Email or username')).toHaveValue(account.username);

  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  await expect(heading(page, 'Settings')).toBeVisible();
  expectOnly(problems, [{ status: 401, path: /\/api\/v1\/auth\/login$/ }]);
});

test('forms say what is wrong next to the field, and send nothing until it is right', async ({
  page,
  request,
  problems,
}) => {
  const seen = apiCalls(page);
  await page.goto('/signup');
  await page.getByRole('button', { name: 'Create account' }).click();
  const username = page.getByLabel('Username');
  await expect(username).toBeFocused();
  await expect(username).toHaveAccessibleDescription(/Choose a username\./);
  await username.fill('ada lovelace');
  await page.getByLabel('Email address').fill('ada.example.com');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(username).toHaveAccessibleDescription(/without spaces/);
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/like name@example.com/);
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    /Use at least 8 characters: this password has 5\./,
  );
  expect(seen.paths()).toEqual([]);

  // A taken username is the api's to know: its answer lands under the field.
  const taken = await registerAccount(request);
  await username.fill(taken.username);
  await page.getByLabel('Email address').fill(`other-${Date.now()}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('a good long password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(username).toHaveAccessibleDescription(/taken|exists|already/i);

  // The tracker and log forms.
  const account = await registerAccount(request);
  await signInContext(page, account);
  await page.goto('/trackers/new');
  await page.getByLabel('Name', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Create tracker' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Give the tracker a name/);
  await page.getByLabel('Name', { exact: true }).fill('Steps');
  await page.getByLabel('Unit (optional)').fill('x'.repeat(33));
  await page.getByRole('button', { name: 'Create tracker' }).click();
  await expect(page.getByLabel('Unit (optional)')).toHaveAccessibleDescription(
    /The unit must be at most 32 characters\.$/,
  );
  await page.getByLabel('Unit (optional)').fill('steps');
  await page.getByRole('button', { name: 'Create tracker' }).click();

  const dialog = page.getByRole('dialog', { name: 'Add a log to Steps' });
  const value = dialog.getByLabel('Value (steps)');
  await value.fill('many');
  await dialog.getByRole('button', { name: 'Add log' }).click();
  await expect(value).toHaveAccessibleDescription(/Enter a number, like 5 or 5\.25\./);
  await value.fill('1.23456');
  await dialog.getByRole('button', { name: 'Add log' }).click();
  await expect(value).toHaveAccessibleDescription(/4 after it/);
  await value.fill('8000');
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByLabel('When').fill(`${inThreeDays}T09:00`);
  await dialog.getByLabel('Email me a reminder about this').check();
  await dialog.getByLabel('Send it at').fill('2020-01-01T09:00');
  await dialog.getByRole('button', { name: 'Add log' }).click();
  await expect(dialog.getByLabel('When')).toHaveAccessibleDescription(/at most one day in the future/);
  await expect(dialog.getByLabel('Reminder message')).toHaveAccessibleDescription(/Write what the reminder should say/);
  await expect(dialog.getByLabel('Send it at')).toHaveAccessibleDescription(/Choose a time in the future/);
  expect(seen.count('POST', /\/logs$/)).toBe(0);
  expectOnly(problems, [{ status: 409, path: /\/api\/v1\/auth\/register$/ }]);
});

test('an expired access token is refreshed once, silently, for every request that met it', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  const token = await signInContext(page, account);
  await seedAccount(page.request, token, 10);
  const running = (
    (await (await page.request.get('/api/v1/trackers', { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { id: number; name: string }[];
    }
  ).items.find((t) => t.name === 'Running')!.id;
  await page.goto('/dashboard');
  await expect(page.locator('app-tracker-card')).toHaveCount(4);
  await expect(page.locator('app-tracker-trend app-chart svg')).toHaveCount(4); // every card's requests done

  // From now on the api receives the app's token as it would be 15 minutes later: expired (the
  // same claims and signature key, a past `exp`). Each tracker request is sent once that way.
  const secret = loadConfig({ NODE_ENV: 'test' }).auth.jwtSecret;
  const expired = new Set<string>();
  let original: string | null = null;
  await page.route(/\/api\/v1\/trackers\/\d+(\/(stats|logs))?(\?|$)/, async (route) => {
    const request = route.request();
    const header = request.headers()['authorization'] ?? '';
    original ??= header;
    // Only the token the app had when the route was set is "expired"; the refreshed one is good.
    if (expired.has(request.url()) || header !== original) return route.continue();
    expired.add(request.url());
    const claims = JSON.parse(Buffer.from(header.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const stale = sign({ ...claims, iat: now - 1000, exp: now - 100 }, secret, { algorithm: 'HS256' });
    await route.continue({ headers: { ...request.headers(), authorization: `Bearer ${stale}` } });
  });
  const seen = apiCalls(page);
  await page.getByRole('link', { name: 'Running' }).click();

  // Three requests at once (tracker, stats, logs), three 401s from the real api, one refresh.
  await expect(heading(page, 'Running')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Logs' }).getByRole('row')).not.toHaveCount(0);
  await expect(page.getByTestId('tracker-chart').getByRole('img')).toHaveAccessibleName(/Running, the last 30 days/);
  expect(expired.size).toBeGreaterThanOrEqual(3);
  expect(seen.count('POST', /\/auth\/refresh$/)).toBe(1);
  expect(seen.count('GET', new RegExp(`/trackers/${running}$`))).toBe(2);
  await expect(page).toHaveURL(new RegExp(`/trackers/${running}$`));
  expectOnly(problems, [{ status: 401, path: /\/api\/v1\/trackers\// }]);
});

test('a reload restores the session with one refresh call, and no 401', async ({ page, request, problems }) => {
  const account = await registerAccount(request);
  await page.goto('/login');
  await page.getByLabel('Email or username').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === 'tally_refresh')!;
  expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  // The access token is in memory only: nothing in storage.
  expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);

  const seen = apiCalls(page);
  await page.reload();
  await expect(heading(page, /^Good /)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start with your first tracker' })).toBeVisible();
  expect(seen.paths()).toEqual(['POST /api/v1/auth/refresh', 'GET /api/v1/trackers']);
  expect(seen.calls[0]!.headers()['x-csrf-token']).toBeTruthy();
  expect(problems).toEqual([]);
});

test('a session ended elsewhere sends the user to sign in, then back where they were', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  await markConfirmed(account.id);
  await signInContext(page, account);
  await page.goto('/settings/profile');
  await expect(page.getByLabel('Time zone')).toBeVisible();

  // Signed out from another device: this session's tokens stop working at once.
  const other = await request.post('/api/v1/auth/login', {
    data: { login: account.email, password: account.password },
  });
  const otherToken = ((await other.json()) as { accessToken: string }).accessToken;
  const sessions = (await (
    await request.get('/api/v1/auth/sessions', { headers: { authorization: `Bearer ${otherToken}` } })
  ).json()) as {
    items: { id: string; current: boolean }[];
  };
  for (const session of sessions.items.filter((s) => !s.current)) {
    await request.delete(`/api/v1/auth/sessions/${session.id}`, { headers: { authorization: `Bearer ${otherToken}` } });
  }

  await page.getByRole('link', { name: 'Reminders and reports' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fnotifications$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended' })).toBeVisible();
  await page.getByLabel('Email or username').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByRole('radio', { name: /Every day/ })).toBeChecked();
  expectOnly(problems, [{ status: 401, path: /\/api\/v1\/(me\/|auth\/refresh)/ }]);
});

test('when the api is down: the dashboard says so and recovers, and a quick log is put back', async ({
  page,
  request,
}) => {
  const account = await registerAccount(request);
  const token = await signInContext(page, account);
  await seedAccount(page.request, token, 5);

  // The whole api unreachable while the app opens: the session cannot be checked.
  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await page.goto('/dashboard');
  await expect(heading(page, 'Tally cannot reach its server')).toBeVisible();
  await page.unroute('**/api/v1/**');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('app-tracker-card')).toHaveCount(4);

  // The tracker list fails (503 with the api's message), then comes back on "Try again".
  await page.route('**/api/v1/trackers?*', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is not answering; try again in a moment.',
      }),
    }),
  );
  await page.reload();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Your trackers could not be loaded');
  await expect(alert).toContainText('The database is not answering; try again in a moment.');
  await page.unroute('**/api/v1/trackers?*');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('app-tracker-card')).toHaveCount(4);

  // A quick log the network loses: the card shows it at once, then puts the old value back and says why.
  const card = page.locator('app-tracker-card').filter({ hasText: 'Running' });
  const before = await card.locator('.value').innerText();
  await page.route('**/api/v1/trackers/*/logs', (route) => route.abort('connectionrefused'));
  const field = card.getByLabel('New value for Running in km');
  await field.fill('42');
  await card.getByRole('button', { name: 'Log in Running' }).click();
  await expect(card.getByRole('alert')).toContainText('Not logged: The API cannot be reached');
  await expect(card.locator('.value')).toHaveText(before);
  await expect(field).toHaveValue('42');
  await page.unroute('**/api/v1/trackers/*/logs');
  await card.getByRole('button', { name: 'Log in Running' }).click();
  await expect(card.locator('.value')).toHaveText('42 km');
  await expect(toast(page, 'Logged 42 km in Running.')).toBeVisible();
});
