import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
// Straight to the loader: the config index also exports a Nest module, which Playwright's TS loader need not compile.
import { loadConfig } from '../../../libs/platform/src/config/load-config';

export const ROOT = resolve(__dirname, '../../..');
export const WEB_ROOT = 'dist/apps/web/browser';
export const SCREENSHOT_DIR = resolve(ROOT, 'test-results/screenshots');
/** The screenshots the README shows: every page, 1280 and 390 px wide, light and dark (tour.spec.ts). */
export const DOCS_SCREENSHOT_DIR = resolve(ROOT, 'docs/screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const IN_CI = Boolean(process.env.CI);

/**
 * Checkouts sharing a machine keep apart the way the jest suites do (test/support/test-config.ts):
 * TALLY_TEST_NAMESPACE names the database, TALLY_TEST_REDIS_OFFSET picks the Redis db (jest takes
 * offset + 1 and + 2, browser tests offset + 3) and, unless TALLY_BROWSER_PORT is set, the port.
 */
const namespace = process.env.TALLY_TEST_NAMESPACE ? `${process.env.TALLY_TEST_NAMESPACE}_` : '';
const redisOffset = Number(process.env.TALLY_TEST_REDIS_OFFSET ?? '0');

export function assertWebBuildExists(): void {
  if (!existsSync(resolve(ROOT, WEB_ROOT, 'index.html'))) {
    throw new Error(`Browser tests need the web client build in ${WEB_ROOT}: run \`npm run build:web\` first.`);
  }
}

/**
 * Where the stack under test listens and the environment it starts with: the api on `port`, an
 * SMTP sink (port + 1, its messages readable over HTTP on port + 2) and the worker (health on
 * port + 3), which sends the account emails through the sink.
 */
export function browserTestServer() {
  const port = Number(process.env.TALLY_BROWSER_PORT ?? 3200 + redisOffset);
  const mailSmtpPort = port + 1;
  const mailHttpPort = port + 2;
  const workerHealthPort = port + 3;
  const redisDb = Number(process.env.TALLY_BROWSER_REDIS_DB ?? redisOffset + 3);
  const baseURL = `http://127.0.0.1:${port}`;
  // The developer's connection settings (env or .env), with this suite's own database and Redis db.
  const config = loadConfig({ NODE_ENV: 'test' });
  const db = config.database;
  const databaseUrl = new URL('mysql://localhost');
  databaseUrl.hostname = db.host;
  databaseUrl.port = String(db.port);
  databaseUrl.username = db.user;
  databaseUrl.password = db.password;
  databaseUrl.pathname = `/tally_test_${namespace}browser`;
  const redisUrl = new URL(config.redis.url);
  redisUrl.pathname = `/${redisDb}`;
  return {
    baseURL,
    mailSmtpPort,
    mailURL: `http://127.0.0.1:${mailHttpPort}`,
    workerURL: `http://127.0.0.1:${workerHealthPort}`,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_URL: baseURL,
      WEB_ROOT,
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl.toString(),
      SMTP_URL: `smtp://127.0.0.1:${mailSmtpPort}`,
      WORKER_HEALTH_PORT: String(workerHealthPort),
      MAIL_HTTP_PORT: String(mailHttpPort),
      BCRYPT_COST: '4',
      // Every test signs up from 127.0.0.1, so the per-IP limit is loosened; the per-account limit
      // and cooldown keep their production defaults, which the forgot-password test meets for real.
      AUTH_THROTTLE_IP_LIMIT: '10000',
      AUTH_THROTTLE_ACCOUNT_LIMIT: '10',
      AUTH_THROTTLE_BLOCK_SECONDS: '900',
    },
  };
}
