import { MikroORM } from '@mikro-orm/mysql';
import { createConnection } from 'mysql2/promise';
import type { AppConfig } from '../config';
import { createOrmConfig, DATABASE_COLLATION, OrmConfigOptions, OrmEntities } from './mikro-orm.config';

type DatabaseSettings = AppConfig['database'];

/** Creates the database (utf8mb4, emoji-aware collation) when it does not exist yet. */
export async function ensureDatabaseExists(database: DatabaseSettings): Promise<void> {
  const connection = await createConnection({
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database.name}\` CHARACTER SET utf8mb4 COLLATE ${DATABASE_COLLATION}`,
    );
  } finally {
    await connection.end();
  }
}

export async function withOrm<T>(
  database: DatabaseSettings,
  entities: OrmEntities,
  work: (orm: MikroORM) => Promise<T>,
  options: OrmConfigOptions = {},
): Promise<T> {
  const orm = await MikroORM.init(createOrmConfig(database, entities, options));
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

/** Applies every pending migration; returns the names applied. */
export function migrateUp(database: DatabaseSettings, entities: OrmEntities): Promise<string[]> {
  return withOrm(database, entities, async (orm) => (await orm.getMigrator().up()).map((m) => m.name), {
    writeSnapshot: false,
  });
}

/** Rolls back to `to` (0 = everything) or, without it, the last migration. */
export function migrateDown(database: DatabaseSettings, entities: OrmEntities, to?: string | 0): Promise<string[]> {
  return withOrm(
    database,
    entities,
    async (orm) => (await orm.getMigrator().down(to === undefined ? undefined : { to })).map((m) => m.name),
    { writeSnapshot: false },
  );
}

/**
 * True when the entities differ from the schema the migrations produce (the committed snapshot):
 * an entity changed without a migration. Needs no database tables, only a connection.
 */
export function migrationNeeded(database: DatabaseSettings, entities: OrmEntities): Promise<boolean> {
  return withOrm(database, entities, (orm) => orm.getMigrator().checkMigrationNeeded());
}
