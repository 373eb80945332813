import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { linkIn, waitForMail } from './support/mail';
import { expect, test } from './support/fixtures';
import { heading, localDateTime, signOut, signUp, toast } from './support/ui';

/**
 * A new user's whole first session, against the real stack (api + worker + MariaDB + Redis + SMTP
 * sink): sign up, confirm through the emailed link, create a numbers and a notes tracker, add,
 * edit and delete logs, see them in the chart, quick-log from the dashboard, set reminders and the
 * report format, back-date a run into last month and see that month's report and download its PDF,
 * export CSV, sign out, and import the file into a second account. No console error, failed
 * request or HTTP error on the way. (The browser's time zone, and so the account's, is UTC.)
 */

const PASSWORD = 'a long and happy passphrase';

/** Last month in the account's time zone (UTC, the browser's): `2026-11` and "November 2026". */
function lastMonth(now = new Date()) {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const name = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first);
  return { id: first.toISOString().slice(0, 7), name };
}

test('a new user: sign up, confirm, track, chart, settings, export, import into a second account', async ({
  page,
  problems,
}, testInfo) => {
  test.setTimeout(240_000);
  const stamp = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const username = `ada_${stamp}`;
  const email = `${username}@example.com`;

  // Sign up from the home page; the app signs the new account in.
  await page.goto('/');
  await page.getByRole('link', { name: 'Create your account' }).first().click();
  await expect(heading(page, 'Create your Tally account')).toBeVisible();
  await signUp(page, username, email, PASSWORD);
  await expect(heading(page, 'Welcome to Tally! Start with your first tracker', 2)).toBeVisible();
  const banner = page.getByRole('region', { name: 'Email confirmation' });
  await expect(banner).toContainText(email);

  // The confirmation email went api → Redis → worker → SMTP; its link confirms the address.
  const mail = await waitForMail(email, /confirm/i);
  await page.goto(linkIn(mail, '/confirm-email'));
  await expect(heading(page, 'Your email address is confirmed')).toBeVisible();
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(heading(page, /^Good (morning|afternoon|evening|night), /)).toBeVisible();
  await expect(banner).toHaveCount(0);

  // A numbers tracker, from the "Running" idea: the form comes filled in.
  await page.getByRole('link', { name: /Running/ }).click();
  await expect(heading(page, 'New tracker')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Running');
  await expect(page.getByLabel('Unit (optional)')).toHaveValue('km');
  await page.getByRole('button', { name: 'Create tracker' }).click();
  await expect(heading(page, 'Running')).toBeVisible();
  await expect(toast(page, '“Running” is ready')).toBeVisible();

  // The first log: yesterday morning, back-dated, with how it felt.
  const dialog = page.getByRole('dialog', { name: 'Add a log to Running' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Value (km)').fill('5.25');
  await dialog.getByRole('radio', { name: 'Happy' }).check();
  await dialog.getByLabel('When').fill(localDateTime(1, '07:30'));
  await dialog.getByRole('button', { name: 'Add log' }).click();
  await expect(dialog).toBeHidden();
  await expect(toast(page, 'Log added.')).toBeVisible();
  const rows = page.getByRole('table', { name: 'Logs' }).getByRole('row');
  await expect(rows.filter({ hasText: 'Yesterday' })).toContainText('5.25 km');
  await expect(rows.filter({ hasText: 'Yesterday' })).toContainText('Happy');

  // Two more today, one with an email reminder.
  for (const [value, remind] of [
    ['12', true],
    ['3', false],
  ] as const) {
    await page.getByRole('button', { name: 'Add log' }).first().click();
    await dialog.getByLabel('Value (km)').fill(value);
    if (remind) {
      await dialog.getByLabel('Email me a reminder about this').check();
      await dialog.getByLabel('Reminder message').fill('Stretch before the next run');
    }
    await dialog.getByRole('button', { name: 'Add log' }).click();
    await expect(dialog).toBeHidden();
  }
  await expect(rows).toHaveCount(4); // header + 3 logs
  await expect(rows.filter({ hasText: '12 km' })).toContainText('Reminder');

  // Edit yesterday's log, delete the 3 km one.
  await page.getByRole('button', { name: /^Edit the log of Yesterday/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit log' });
  await expect(edit.getByLabel('Value (km)')).toHaveValue('5.25');
  await edit.getByLabel('Value (km)').fill('6');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(toast(page, 'Log updated.')).toBeVisible();
  await expect(rows.filter({ hasText: 'Yesterday' })).toContainText('6 km');
  await rows
    .filter({ hasText: '3 km' })
    .filter({ hasNotText: '12 km' })
    .getByRole('button', { name: /^Delete the log/ })
    .click();
  const confirm = page.getByRole('dialog', { name: 'Delete this log?' });
  await confirm.getByRole('button', { name: 'Delete log' }).click();
  await expect(toast(page, 'Log deleted.')).toBeVisible();
  await expect(rows).toHaveCount(3);

  // The chart and the figures show the two logs that remain.
  const chart = page.getByTestId('tracker-chart').getByRole('img');
  await expect(chart).toHaveAccessibleName('Running, the last 30 days by day: total 18 km over 2 logs.');
  expect(await page.getByTestId('tracker-chart').locator('svg path').count()).toBeGreaterThan(2);
  await page.getByRole('radio', { name: /7d/ }).check();
  await page.getByRole('radio', { name: 'Bars' }).check();
  await expect(chart).toHaveAccessibleName('Running, the last 7 days by day: total 18 km over 2 logs.');
  const figures = page.getByRole('definition');
  await expect(figures.first()).toHaveText('18 km');
  await expect(page.getByRole('img', { name: /^Emotions: Happy: 1/ })).toBeVisible();

  // A notes tracker, made from scratch.
  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  await page.getByRole('link', { name: 'New tracker' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Journal');
  await page.getByRole('radio', { name: /Notes/ }).check();
  await expect(page.getByLabel('Unit (optional)')).toHaveCount(0);
  await page.getByLabel('Description (optional)').fill('A line about the day');
  await page.getByRole('button', { name: 'Create tracker' }).click();
  const note = page.getByRole('dialog', { name: 'Add a log to Journal' });
  await note.getByLabel('Note').fill('First day with Tally. <b>Not bold</b>, just text.');
  await note.getByRole('radio', { name: 'Calm' }).check();
  await note.getByRole('button', { name: 'Add log' }).click();
  await expect(page.getByRole('table', { name: 'Logs' })).toContainText(
    'First day with Tally. <b>Not bold</b>, just text.',
  );
  await expect(page.getByTestId('tracker-chart').getByRole('img')).toHaveAccessibleName(
    'Journal, the last 30 days by day: 1 log.',
  );

  // Quick-log from the dashboard: the card shows the value at once.
  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  const running = page.locator('app-tracker-card').filter({ hasText: 'Running' });
  await running.getByLabel('New value for Running in km').fill('4.5');
  await running.getByRole('button', { name: 'Log in Running' }).click();
  await expect(running).toContainText('4.5 km');
  await expect(toast(page, 'Logged 4.5 km in Running.')).toBeVisible();
  await expect(running).toContainText('3 logs');
  await expect(page.getByText('2 of 2')).toBeVisible();

  // Reminders weekly on Friday at 07:30; the report in the email body.
  await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
  await page.getByRole('link', { name: 'Reminders and reports' }).click();
  await page.getByRole('radio', { name: /Once a week/ }).check();
  await page.getByLabel('On', { exact: true }).selectOption('Friday');
  await page.getByLabel('At', { exact: true }).fill('07:30');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  await expect(toast(page, 'Weekly reminders on Friday at 07:30.')).toBeVisible();
  await page.getByRole('radio', { name: /In the email/ }).check();
  await page.getByRole('button', { name: 'Save report setting' }).click();
  await expect(toast(page, 'Monthly reports will come in the email itself.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('radio', { name: /Once a week/ })).toBeChecked();
  await expect(page.getByLabel('On', { exact: true }).locator('option:checked')).toHaveText('Friday');
  await expect(page.getByLabel('At', { exact: true })).toHaveValue('07:30');
  await expect(page.getByRole('radio', { name: /In the email/ })).toBeChecked();

  // A run from last month, back-dated: last month gets a report.
  const month = lastMonth();
  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  await page.getByRole('link', { name: 'Running', exact: true }).click();
  await page.getByRole('button', { name: 'Add log' }).first().click();
  await dialog.getByLabel('Value (km)').fill('8');
  await dialog.getByLabel('When').fill(`${month.id}-15T07:30`);
  await dialog.getByRole('button', { name: 'Add log' }).click();
  await expect(toast(page, 'Log added.')).toBeVisible();

  // Reports: this month in progress, last month with its one run; its report, and its PDF.
  await page.getByRole('link', { name: 'Reports', exact: true }).first().click();
  await expect(heading(page, 'Monthly reports')).toBeVisible();
  const months = page.getByRole('list', { name: 'Months' }).getByRole('listitem');
  await expect(months).toHaveCount(2);
  await expect(months.first()).toContainText('In progress');
  await expect(months.nth(1)).toContainText(month.name);
  await expect(months.nth(1)).toContainText('1 log');
  await page.getByRole('link', { name: month.name }).click();
  await expect(heading(page, month.name)).toBeVisible();
  await expect(page.getByTestId('report-summary')).toHaveText(/^\s*1 log on 1 of \d+ days\.\s*$/);
  await expect(page.frameLocator('iframe').getByText('Running').first()).toBeVisible();
  const pdfDownload = page.waitForEvent('download', { timeout: 90_000 });
  const asked = Date.now();
  await page.getByRole('button', { name: 'Download PDF' }).click();
  // Not stored yet: the worker renders it, and the page shows how far it is.
  await expect(page.getByRole('progressbar', { name: 'PDF progress' })).toBeVisible();
  const pdf = await pdfDownload;
  console.log(`report PDF: ${Date.now() - asked} ms from the click to the file (rendered by the worker)`);
  await expect(page.getByRole('progressbar', { name: 'PDF progress' })).toHaveCount(0);
  expect(pdf.suggestedFilename()).toBe(`tally-report-${month.id}.pdf`);
  const pdfPath = testInfo.outputPath('report.pdf');
  await pdf.saveAs(pdfPath);
  expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' })).toContain('Running');

  // Export CSV.
  await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
  await page.getByRole('link', { name: 'Your data' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^tally-export-\d{4}-\d{2}-\d{2}\.csv$/);
  const csvPath = testInfo.outputPath('export.csv');
  await download.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  expect(csv.split('\n')[0]).toContain('tracker,trackerType');
  expect(csv).toContain('Running');
  expect(csv).toContain('First day with Tally.');
  await expect(toast(page, /Your data is in tally-export-/)).toBeVisible();

  await signOut(page);

  // A second account imports the file: checked first, then imported.
  const second = `bo_${stamp}`;
  await signUp(page, second, `${second}@example.com`, PASSWORD);
  await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
  await page.getByRole('link', { name: 'Your data' }).click();
  await page.getByLabel('File to import').setInputFiles(csvPath);
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByText('The file is fine: nothing was imported yet.')).toBeVisible();
  await expect(page.getByText('Importing it will add 5 logs, 2 new trackers')).toBeVisible();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Imported. Added 5 logs, 2 new trackers')).toBeVisible();
  await page.getByRole('link', { name: 'Dashboard', exact: true }).first().click();
  await expect(page.locator('app-tracker-card')).toHaveCount(2);
  await expect(page.locator('app-tracker-card').filter({ hasText: 'Running' })).toContainText('4 logs');
  await expect(page.locator('app-tracker-card').filter({ hasText: 'Journal' })).toContainText('First day with Tally.');

  await signOut(page);
  expect(problems).toEqual([]);
});
