import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const heading = (page: Page, name: string | RegExp, level = 1) => page.getByRole('heading', { level, name });

/** The toast that says `text` (toasts are announced politely, and go away by themselves). */
export const toast = (page: Page, text: string | RegExp) =>
  page.locator('app-toast-outlet .toast').filter({ hasText: text });

/** Signs up through the form; the app signs the new account in and opens the dashboard. */
export async function signUp(page: Page, username: string, email: string, password: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard\?welcome=1$/);
}

/** Signs in through the form (no second factor). */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Account menu → Sign out, back on the home page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(heading(page, 'Count what matters.')).toBeVisible();
  await expect(toast(page, 'You are signed out')).toBeVisible();
}

/** The "When" of a log dialog, as `<input type="datetime-local">` takes it, `daysAgo` days back at `time`. */
export function localDateTime(daysAgo: number, time: string, now = new Date()): string {
  const date = new Date(now.getTime() - daysAgo * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T${time}`;
}
