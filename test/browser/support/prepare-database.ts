/**
 * Runs before the api in Playwright's webServer command (Playwright starts web servers before its
 * globalSetup, and the api needs its database): a fresh, migrated browser-test database through the
 * same CLI as production, and an empty Redis db. Settings come from the env that browser-env.ts builds.
 */
import { loadConfig } from '../../../libs/platform/src/config';
import { resetTestStores } from '../../support/global-setup';

resetTestStores(loadConfig()).catch((error: unknown) => {
  console.error(`Could not prepare the browser-test database: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
