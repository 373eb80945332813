import { Entity, MetadataStorage, PrimaryKey, Property } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/mysql';
import { createConnection } from 'mysql2/promise';
import { testConfig } from '../../../../test/support/test-config';
import { ENTITIES } from './entities';
import { createOrmConfig, ensureDatabaseExists, migrateDown, migrateUp, migrationNeeded } from '@tally/platform';

const base = testConfig();
const db = { ...base.database, name: `${base.database.name}_migrations` };

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const connection = await createConnection({ host: db.host, port: db.port, user: db.user, password: db.password });
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

const tables = async () =>
  (
    await query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_name <> 'mikro_orm_migrations'`,
      [db.name],
    )
  )
    .map((r) => r.name)
    .sort();

/** Every table the entities declare. */
const EXPECTED_TABLES = ENTITIES.map((entity) => MetadataStorage.getMetadataFromDecorator(entity).tableName).sort();

describe('migrations against a real MariaDB', () => {
  beforeAll(async () => {
    await query(`DROP DATABASE IF EXISTS \`${db.name}\``);
    await ensureDatabaseExists(db);
  });
  afterAll(async () => {
    await query(`DROP DATABASE IF EXISTS \`${db.name}\``);
  });

  it('apply to an empty schema, roll back to nothing, and apply again', async () => {
    expect(await tables()).toEqual([]);
    const applied = await migrateUp(db, ENTITIES);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(EXPECTED_TABLES);

    const reverted = await migrateDown(db, ENTITIES, 0);
    expect(reverted).toEqual([...applied].reverse());
    expect(await tables()).toEqual([]);

    expect(await migrateUp(db, ENTITIES)).toEqual(applied);
    expect(await tables()).toEqual(EXPECTED_TABLES);
    expect(await migrateUp(db, ENTITIES)).toEqual([]);
  });

  it('create every unique key and index the data model relies on', async () => {
    const indexes = await query<{ table: string; name: string; columns: string; unique: number }>(
      `SELECT table_name AS \`table\`, index_name AS name, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS columns,
              MIN(non_unique) = 0 AS \`unique\`
         FROM information_schema.statistics WHERE table_schema = ? GROUP BY table_name, index_name`,
      [db.name],
    );
    const has = (table: string, columns: string, unique: boolean) =>
      indexes.some((i) => i.table === table && i.columns === columns && Boolean(i.unique) === unique);
    expect(has('users', 'username', true)).toBe(true);
    expect(has('users', 'email', true)).toBe(true);
    expect(has('trackers', 'user_id,name', true)).toBe(true);
    expect(has('logs', 'tracker_id,logged_at', false)).toBe(true);
    expect(has('monthly_stats', 'user_id,month', true)).toBe(true);
    expect(has('notification_settings', 'user_id', true)).toBe(true);
    expect(has('report_settings', 'user_id', true)).toBe(true);
    expect(has('sessions', 'refresh_token_hash', true)).toBe(true);
    expect(has('api_tokens', 'token_hash', true)).toBe(true);
    expect(has('one_time_tokens', 'token_hash', true)).toBe(true);
  });

  it('store emoji and tell them apart in unique names, while ignoring case', async () => {
    await query(
      `INSERT INTO \`${db.name}\`.users (username, email, password, created_at, updated_at) VALUES ('emoji', 'e@x.io', 'x', NOW(), NOW())`,
    );
    const insertTracker = (name: string) =>
      query(
        `INSERT INTO \`${db.name}\`.trackers (user_id, name, type, created_at, updated_at)
         SELECT id, ?, 'numerical', NOW(), NOW() FROM \`${db.name}\`.users WHERE username = 'emoji'`,
        [name],
      );
    await insertTracker('🏃 Running');
    await insertTracker('🍎 Running');
    await expect(insertTracker('🏃 RUNNING')).rejects.toThrow(/Duplicate entry/);
  });

  it('produce exactly the tables, columns and indexes the entities declare', async () => {
    const orm = await MikroORM.init(createOrmConfig(db, ENTITIES, { writeSnapshot: false }));
    try {
      const expected = orm.getSchemaGenerator().getTargetSchema();
      for (const table of expected.getTables()) {
        const columns = await query<{ name: string; nullable: string }>(
          `SELECT column_name AS name, is_nullable AS nullable FROM information_schema.columns
            WHERE table_schema = ? AND table_name = ? ORDER BY column_name`,
          [db.name, table.name],
        );
        const declared = table.getColumns().map((c) => ({ name: c.name, nullable: c.nullable ? 'YES' : 'NO' }));
        const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
        expect({ table: table.name, columns: columns.sort(byName) }).toEqual({
          table: table.name,
          columns: declared.sort(byName),
        });
        const indexes = await query<{ name: string }>(
          `SELECT DISTINCT index_name AS name FROM information_schema.statistics
            WHERE table_schema = ? AND table_name = ? AND index_name <> 'PRIMARY' ORDER BY 1`,
          [db.name, table.name],
        );
        const declaredIndexes = table
          .getIndexes()
          .filter((i) => !i.primary)
          .map((i) => i.keyName)
          .sort();
        expect({ table: table.name, indexes: indexes.map((i) => i.name).sort() }).toEqual({
          table: table.name,
          indexes: declaredIndexes,
        });
      }
    } finally {
      await orm.close(true);
    }
  });

  it('agree with the entities (drift check), and the check fails when an entity changes without a migration', async () => {
    expect(await migrationNeeded(db, ENTITIES)).toBe(false);

    @Entity({ tableName: 'drift_probe' })
    class DriftProbe {
      @PrimaryKey({ type: 'integer' })
      id!: number;

      @Property({ type: 'string' })
      note!: string;
    }
    const orm = await MikroORM.init({
      ...createOrmConfig(db, [...ENTITIES, DriftProbe], { writeSnapshot: false }),
    });
    try {
      expect(await orm.getMigrator().checkMigrationNeeded()).toBe(true);
    } finally {
      await orm.close(true);
    }
  });
});
