import { generateSync } from 'otplib';
import { logIn, registerAccount, signInContext } from './support/accounts';
import { expect, test } from './support/fixtures';
import { markConfirmed, seedAccount } from './support/seed';
import { heading, signOut, toast } from './support/ui';

/** The settings that guard the account: two-step sign-in, tokens, sessions, password, time zone, deletion. */

test.describe.configure({ mode: 'parallel' });

/** The TOTP code `step` periods from now (the api accepts each time step once, ±1 period). */
const totp = (secret: string, step = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + step * 30 });

test('two-step verification: set up with the QR code, keep the recovery codes, then sign in with a code', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  await signInContext(page, account);
  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await page.getByLabel('Your password').fill('wrong password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Your password')).toHaveAccessibleDescription(/wrong|incorrect/i);
  await page.getByLabel('Your password').fill(account.password);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  const secret = (await page.locator('code.secret').innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel('The 6-digit code your app shows').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().innerText()).trim();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(toast(page, 'Two-step verification is on.')).toBeVisible();
  await expect(page.getByText('10 unused recovery codes')).toBeVisible();

  // Signing in now takes a second step; a wrong code is refused, a recovery code works.
  await signOut(page);
  await page.goto('/login');
  await page.getByLabel('Email or username').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(heading(page, 'Two-step verification')).toBeFocused();
  await page.getByLabel('Verification code').fill('000000');
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page.getByLabel('Verification code')).toHaveAccessibleDescription(/code/i);
  await page.getByLabel('Verification code').fill(recovery);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // And with the app's code (the next period: the one used to turn it on counts as used).
  await signOut(page);
  await page.goto('/login');
  await page.getByLabel('Email or username').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Verification code').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const allowed = [
    /HTTP 4(01|22): .*\/api\/v1\/auth\/(login|2fa\/setup)$/,
    /console error: Failed to load resource: .* 4(01|22)/,
  ];
  expect(problems.filter((p) => !allowed.some((a) => a.test(p)))).toEqual([]);
});

test('personal access tokens: shown once, scoped, revoked', async ({ page, request, problems }) => {
  const account = await registerAccount(request);
  await signInContext(page, account);
  await page.goto('/settings/tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Name the token/);
  await page.getByLabel('Name', { exact: true }).fill('Home Assistant');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-token').innerText()).trim();
  expect(secret).toMatch(/^tally_pat_/);
  await expect(page.getByRole('table', { name: 'Your tokens' })).toContainText('Read only');

  // The token reads but cannot write.
  const auth = { authorization: `Bearer ${secret}` };
  expect((await request.get('/api/v1/trackers', { headers: auth })).status()).toBe(200);
  expect((await request.post('/api/v1/trackers', { headers: auth, data: { name: 'x', type: 'note' } })).status()).toBe(
    403,
  );

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  await page.getByRole('button', { name: 'Revoke Home Assistant' }).click();
  await page
    .getByRole('dialog', { name: 'Revoke “Home Assistant”?' })
    .getByRole('button', { name: 'Revoke token' })
    .click();
  await expect(toast(page, '“Home Assistant” is revoked.')).toBeVisible();
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  expect((await request.get('/api/v1/trackers', { headers: auth })).status()).toBe(401);
  expect(problems).toEqual([]);
});

test('sessions, password and time zone', async ({ page, request, problems }) => {
  const account = await registerAccount(request);
  await markConfirmed(account.id);
  const token = await signInContext(page, account);
  await seedAccount(page.request, token, 3);
  // Another device.
  const other = await logIn(request, account.email, account.password);

  await page.goto('/settings/security');
  const sessions = page.getByRole('region', { name: 'Where you are signed in' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await sessions
    .filter({ hasNotText: 'This device' })
    .getByRole('button', { name: /^Sign out/ })
    .click();
  await page
    .getByRole('dialog', { name: 'Sign this device out?' })
    .getByRole('button', { name: 'Sign it out' })
    .click();
  await expect(sessions).toHaveCount(1);
  expect(
    (await request.get('/api/v1/me', { headers: { authorization: `Bearer ${other.accessToken}` } })).status(),
  ).toBe(401);

  // The password: the wrong current one is named, the right one changes it.
  await page.getByLabel('Current password').fill('not it');
  await page.getByLabel('New password').fill('an even better passphrase');
  await page.getByLabel('Type it again').fill('an even better passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Current password')).toHaveAccessibleDescription(/.+/);
  await page.getByLabel('Current password').fill(account.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(toast(page, 'Password changed.')).toBeVisible();
  expect((await logIn(request, account.email, account.password)).status).toBe(401);
  expect((await logIn(request, account.email, 'an even better passphrase')).status).toBe(200);

  // Times follow the profile's time zone: a log made at 06:xx UTC shows at 01:xx in New York (UTC−5 in winter, −4 in summer).
  await page.goto('/settings/profile');
  await page.getByLabel('Time zone').selectOption('America/New_York');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(toast(page, 'Profile saved.')).toBeVisible();
  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  await page.getByRole('link', { name: 'Running' }).click();
  const first = page.getByRole('table', { name: 'Logs' }).getByRole('row').nth(1);
  await expect(first).toContainText(/\b[12]:\d\d AM/);
  await expect(page.getByText('times in America/New_York')).toBeVisible();
  const allowed = [/HTTP 422: .*change-password$/, /console error: Failed to load resource: .* 422/];
  expect(problems.filter((p) => !allowed.some((a) => a.test(p)))).toEqual([]);
});

test('deleting the account takes everything, after a confirmation', async ({ page, request, problems }) => {
  const account = await registerAccount(request);
  await signInContext(page, account);
  await page.goto('/settings/data');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByLabel('Your password')).toHaveAccessibleDescription('Enter your password to confirm.');
  await page.getByLabel('Your password').fill(account.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete your account for good?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await confirm.getByRole('button', { name: 'Delete everything' }).click();
  await expect(heading(page, 'Count what matters.')).toBeVisible();
  await expect(toast(page, 'Your account and all its data are deleted.')).toBeVisible();
  expect((await logIn(request, account.email, account.password)).status).toBe(401);
  expect(problems).toEqual([]);
});
