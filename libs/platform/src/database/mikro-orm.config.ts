import { Migrator } from '@mikro-orm/migrations';
import { defineConfig } from '@mikro-orm/mysql';
import { join } from 'node:path';
import type { EntityClass } from '@mikro-orm/core';
import type { AppConfig } from '../config';

/**
 * Case-insensitive (usernames, tracker names) yet tells emoji apart, unlike utf8mb4_general_ci and
 * utf8mb4_unicode_ci, which treat every character outside the BMP as equal. MySQL 8 and MariaDB have it.
 */
export const DATABASE_COLLATION = 'utf8mb4_unicode_520_ci';

/** Migrations sit next to this file, in src (ts) and in dist (js) alike. */
const RUNNING_FROM_SOURCE = __filename.endsWith('.ts');

/**
 * Every entity the apps map. Each domain lib owns its entities and exports them; the composition
 * roots (the api, the worker, the database CLI) gather them and hand them to the ORM here.
 */
export type OrmEntities = ReadonlyArray<EntityClass<object>>;

export interface OrmConfigOptions {
  /**
   * MikroORM rewrites the snapshot from the live schema after running migrations; on MariaDB its
   * MySQL driver misreads column defaults, so only `migration:create` may write it (from the entities).
   */
  writeSnapshot?: boolean;
}

export function createOrmConfig(
  database: AppConfig['database'],
  entities: OrmEntities,
  options: OrmConfigOptions = {},
) {
  return defineConfig({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    dbName: database.name,
    pool: { min: 0, max: database.poolMax },
    // Bounded waits while MariaDB is away or restarting (quality.md R6): a connection attempt gives
    // up after 2 s and a request waits for a pooled connection at most DB_ACQUIRE_TIMEOUT_MS; both
    // end in 503 (HttpErrorFilter). Knex's default wait is 60 s.
    driverOptions: {
      acquireConnectionTimeout: database.acquireTimeoutMs,
      connection: { connectTimeout: Math.min(2_000, database.acquireTimeoutMs) },
    },
    entities: [...entities],
    extensions: [Migrator],
    charset: 'utf8mb4',
    collate: DATABASE_COLLATION,
    timezone: '+00:00',
    forceUtcTimezone: true,
    // Queries outside a request/job context are a bug: fail instead of sharing one identity map.
    allowGlobalContext: false,
    ensureDatabase: false,
    preferTs: RUNNING_FROM_SOURCE,
    migrations: {
      path: join(__dirname, 'migrations'),
      pathTs: join(__dirname, 'migrations'),
      glob: '!(*.d).{js,ts}',
      tableName: 'mikro_orm_migrations',
      // MySQL commits DDL implicitly, so a transaction around migrations would only pretend.
      transactional: false,
      allOrNothing: false,
      silent: true,
      // Drift is checked against this committed snapshot, not the live server: MikroORM's MySQL
      // driver misreads MariaDB's column defaults and would report changes that are not there.
      snapshot: options.writeSnapshot ?? true,
      snapshotName: '.snapshot-tally',
      emit: 'ts',
    },
  });
}
