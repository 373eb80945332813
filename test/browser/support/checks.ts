import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { join } from 'node:path';
import { SCREENSHOT_DIR } from './browser-env';
import { expect } from './fixtures';

/**
 * axe-core's WCAG 2.x A/AA rules: semantics, names, colour contrast. `exclude`: selectors left
 * out, e.g. a sandboxed frame that runs no script, where axe cannot run (it waits for it instead).
 */
export async function expectNoAccessibilityViolations(page: Page, exclude: string[] = []): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']);
  for (const selector of exclude) builder.exclude(selector);
  const { violations } = await builder.analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Presses Tab, as a keyboard user would, until the target has focus (at most `presses` times). */
export async function tabTo(page: Page, target: Locator, presses = 10): Promise<void> {
  for (let i = 0; i < presses; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
}

/** Nothing sticks out sideways (a phone would scroll the whole page). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A full-page screenshot in test-results/screenshots/, to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
