import { registerAccount, signInContext } from './support/accounts';
import { tabTo } from './support/checks';
import { expect, test } from './support/fixtures';
import { seedAccount } from './support/seed';
import { heading, toast } from './support/ui';

/** Everything by keyboard, with the focus always visible. */

test('skip link, quick log, the log dialog and its emotion picker, all by keyboard, with a visible focus ring', async ({
  page,
  request,
  problems,
}) => {
  const account = await registerAccount(request);
  const token = await signInContext(page, account);
  await seedAccount(page.request, token, 7);
  await page.goto('/dashboard');
  await expect(page.locator('app-tracker-card')).toHaveCount(4);

  // The first Tab reaches "Skip to content", shown only then.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Quick log: Tab to the field, type, Enter.
  const field = page.getByLabel('New value for Running in km');
  await tabTo(page, field, 40);
  await expect(field).toBeFocused();
  const outline = await field.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.type('6.4');
  await page.keyboard.press('Enter');
  await expect(toast(page, 'Logged 6.4 km in Running.')).toBeVisible();

  // The tracker page: open "Add log", fill the dialog, pick an emotion with the arrow keys, save.
  await page.getByRole('link', { name: 'Running' }).focus();
  await page.keyboard.press('Enter');
  await expect(heading(page, 'Running')).toBeFocused(); // focus moves to the new page
  const add = page.getByRole('button', { name: 'Add log' }).first();
  await tabTo(page, add, 20);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add a log to Running' });
  const value = dialog.getByLabel('Value (km)');
  await expect(value).toBeFocused();
  await page.keyboard.type('3.3');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused(); // back where the user was

  await page.keyboard.press('Enter');
  await expect(value).toBeFocused();
  await page.keyboard.type('3.3');
  // Tab enters the group on its checked radio, "None"; the arrows move round the emotions.
  await tabTo(page, dialog.getByRole('radio', { name: 'None' }), 5);
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: 'Happy' })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: 'Excited' })).toBeChecked();
  await value.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Logs' }).getByRole('row').nth(1)).toContainText('3.3 km');
  await expect(page.getByRole('table', { name: 'Logs' }).getByRole('row').nth(1)).toContainText('Excited');
  expect(problems).toEqual([]);
});
