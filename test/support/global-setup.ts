import type { Config } from '@jest/types';
import Redis from 'ioredis';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { AppConfig } from '../../libs/platform/src/config';
import { testConfig } from './test-config';

const READY = Symbol.for('tally.test.databases-ready');
const ROOT = resolve(__dirname, '../..');

export function databaseUrl(db: AppConfig['database']): string {
  const auth = `${encodeURIComponent(db.user)}${db.password ? `:${encodeURIComponent(db.password)}` : ''}`;
  return `mysql://${auth}@${db.host}:${db.port}/${db.name}`;
}

/**
 * Runs `npm run migrate`'s command in a child process: the same code path as production, and
 * MikroORM's global metadata stays out of Jest's sandboxes (it breaks across realms).
 */
export function migrateWithCli(db: AppConfig['database'], args: string[] = ['up']): string {
  return execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/api/src/database/database.cli.ts', ...args],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl(db), NODE_ENV: 'test' }, encoding: 'utf8' },
  );
}

/**
 * Once per `jest` run: a fresh, migrated database per parallel worker (tally_test_1..N) and an
 * empty Redis db for each. Tests then talk to real MariaDB and Redis without sharing state.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[READY]) return;
  const workers = Math.max(1, globalConfig.maxWorkers);
  for (let worker = 1; worker <= workers; worker++) await resetTestStores(testConfig({}, worker));
  registry[READY] = true;
}

/** Drops and re-migrates the config's test database and empties its Redis db (never FLUSHALL). */
export async function resetTestStores(config: AppConfig): Promise<void> {
  const db = config.database;
  if (!db.name.startsWith('tally_test_'))
    throw new Error(`Refusing to reset "${db.name}": not a tally_test_* database`);
  const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
  await connection.query(`DROP DATABASE IF EXISTS \`${db.name}\``);
  await connection.end();
  migrateWithCli(db);
  const redis = new Redis(config.redis.url);
  await redis.flushdb();
  redis.disconnect();
}
