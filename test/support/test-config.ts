import { AppConfig, loadConfig } from '../../libs/platform/src/config';

/** Jest gives each parallel worker an id from 1; each gets its own database and Redis db index. */
export const workerId = (): number => Number(process.env.JEST_WORKER_ID ?? '1');

/**
 * Two checkouts testing on one machine keep apart by setting TALLY_TEST_NAMESPACE (database
 * names) and TALLY_TEST_REDIS_OFFSET (Redis db = offset + worker id; Redis has 16 dbs).
 */
const namespace = process.env.TALLY_TEST_NAMESPACE ? `${process.env.TALLY_TEST_NAMESPACE}_` : '';
const redisOffset = Number(process.env.TALLY_TEST_REDIS_OFFSET ?? '0');

export const testDatabaseName = (worker = workerId()) => `tally_test_${namespace}${worker}`;

function withRedisDb(url: string, db: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${db}`;
  return parsed.toString();
}

/**
 * The configuration tests run with: the developer's connection settings (env or .env), but a
 * per-worker database and Redis db, quick bcrypt, no logs, and sign-in throttling loose enough for
 * suites that register many users from 127.0.0.1 (the throttling tests set their own limits).
 */
export function testConfig(overrides: Record<string, string> = {}, worker = workerId()): AppConfig {
  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BCRYPT_COST: '4',
    AUTH_THROTTLE_IP_LIMIT: '100000',
    AUTH_THROTTLE_ACCOUNT_LIMIT: '100000',
    PORT: '0',
    WORKER_HEALTH_PORT: '0',
    // Tests drive the worker's schedules by hand, at the instants they choose.
    SCHEDULES: 'false',
    // A Redis command a loaded 2-core machine answers late is not an outage; the outage tests
    // (redis-outage) set the production default of 1 s themselves.
    REDIS_COMMAND_TIMEOUT_MS: '5000',
    ...overrides,
  });
  const redisUrl = overrides.REDIS_URL ?? withRedisDb(base.redis.url, redisOffset + worker);
  return {
    ...base,
    database: { ...base.database, name: overrides.DB_NAME ?? testDatabaseName(worker) },
    redis: { ...base.redis, url: redisUrl },
    // The cache shares the test's Redis db unless a test points it elsewhere.
    cache: { ...base.cache, redisUrl: overrides.CACHE_REDIS_URL ?? redisUrl },
  };
}
