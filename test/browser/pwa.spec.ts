import { expect, test } from './support/fixtures';

/**
 * Installable: a web manifest with the icons browsers ask for, and a service worker (Angular's
 * ngsw) that caches the app shell only, so the app opens offline, while API answers are never
 * cached.
 */

test.use({ serviceWorkers: 'allow' });

test('has a manifest and a service worker that opens the app shell offline, never caching the api', async ({
  page,
  context,
  request,
}) => {
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: 'Tally', display: 'standalone', start_url: '/dashboard' });
  const sizes = (manifest.icons as { sizes: string }[]).map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons as { src: string }[])
    expect((await request.get(`/${icon.src}`)).status()).toBe(200);

  const ngsw = await (await request.get('/ngsw.json')).json();
  expect(ngsw.dataGroups ?? []).toEqual([]);
  const cached = (ngsw.assetGroups as { urls: string[] }[]).flatMap((group) => group.urls);
  expect(cached).toContain('/index.html');
  expect(cached.filter((url) => url.startsWith('/api/'))).toEqual([]);

  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', 'manifest.webmanifest');
  // The worker installs and takes the app shell into its cache.
  // (Expressions run in the page, whose DOM types the tests' Node program does not load.)
  await page.waitForFunction(
    "navigator.serviceWorker.getRegistration().then((r) => r?.active?.state === 'activated')",
    undefined,
    { timeout: 30_000 },
  );
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Count what matters.' })).toBeVisible();
  await page.waitForFunction('navigator.serviceWorker.controller !== null');
  await page.waitForFunction(
    "caches.keys().then((names) => names.some((name) => name.includes('app-shell')))",
    undefined,
    {
      timeout: 30_000,
    },
  );

  // Offline: the shell still opens (from the worker's cache); the api does not answer from any cache.
  await context.setOffline(true);
  await page.goto('/status');
  await expect(page.getByRole('heading', { level: 1, name: 'Tally status' })).toBeVisible();
  await expect(page.getByText('You are offline. Tally will work again once you are connected.')).toBeVisible();
  await context.setOffline(false);
});
