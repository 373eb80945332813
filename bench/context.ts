import { MikroORM, RequestContext } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import { Module, Type } from '@nestjs/common';
import {
  AppConfig,
  CacheModule,
  ConfigModule,
  DatabaseModule,
  ensureDatabaseExists,
  loadConfig,
  migrateUp,
  PaginationModule,
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { createConnection } from 'mysql2/promise';
import { ENTITIES } from '../apps/api/src/database/entities';

/**
 * Benchmarks use their own database (default tally_bench, BENCH_DB_NAME to change) and Redis db 15 (BENCH_REDIS_DB),
 * so they never touch development or test data.
 */
export function benchConfig(): AppConfig {
  const base = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DB_POOL_MAX: '20' });
  const redis = new URL(base.redis.url);
  redis.pathname = `/${process.env.BENCH_REDIS_DB ?? '15'}`;
  return {
    ...base,
    database: { ...base.database, name: process.env.BENCH_DB_NAME ?? 'tally_bench' },
    redis: { ...base.redis, url: redis.toString() },
  };
}

export async function migrateBenchDatabase(config: AppConfig): Promise<void> {
  await ensureDatabaseExists(config.database);
  await migrateUp(config.database, ENTITIES);
}

export async function rawConnection(config: AppConfig) {
  const db = config.database;
  return createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.name,
    timezone: 'Z',
  });
}

export interface BenchContext {
  get: <T>(type: Type<T>) => T;
  /** Runs work in a MikroORM context, as a request would. */
  run: <T>(work: () => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

/** The domain modules on the real platform, without HTTP. */
export async function createBenchContext(config: AppConfig, modules: Type[]): Promise<BenchContext> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(ENTITIES),
      RedisModule,
      CacheModule,
      PaginationModule,
      QueueModule,
      ...modules,
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const orm = app.get(MikroORM);
  return {
    get: (type) => app.get(type),
    run: (work) => RequestContext.create(orm.em, work),
    close: () => app.close(),
  };
}
