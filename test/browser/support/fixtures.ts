import { test as base } from '@playwright/test';

/**
 * Playwright's own scripts, which it runs in every frame, refused by a frame sandboxed without
 * `allow-scripts` (the report's frame): Chromium logs this only under Playwright, never for a
 * person (microsoft/playwright#33343). The report's HTML has no script of its own.
 */
const PLAYWRIGHT_IN_SANDBOXED_FRAME =
  /^Blocked script execution in 'about:(srcdoc|blank)' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\.$/;

/**
 * `test` with a `problems` list: console errors, uncaught exceptions, failed requests and HTTP
 * errors seen by the page. A polished page has none; tests that provoke errors filter it.
 *
 * One kind of failed request is not a problem: an api GET the app cancelled itself (ERR_ABORTED)
 * because its page went away, e.g. a dashboard card's statistics when the user moves on before
 * they arrive. Cancelling them is deliberate (HttpClient aborts the XHR of an unsubscribed call)
 * and shows nothing in the console.
 */
export const test = base.extend<{ problems: string[] }>({
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !PLAYWRIGHT_IN_SANDBOXED_FRAME.test(message.text()))
        problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText;
      const cancelled = error === 'net::ERR_ABORTED' && request.method() === 'GET' && request.url().includes('/api/');
      if (!cancelled) problems.push(`request failed: ${request.method()} ${request.url()} (${error})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await use(problems);
  },
});

export { expect } from '@playwright/test';
